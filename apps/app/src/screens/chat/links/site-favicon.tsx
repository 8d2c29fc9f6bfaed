import { FaviconDomain, faviconPath } from "@multiclaw/protocol";
import { useState } from "react";

/**
 * A site's icon, 16 px, from the gateway's favicon route (never from the site or the favicon service: the page
 * stays on its own origin). Decorative, so no alt text; when there is none (a 404, the `favicon` row blocked)
 * it is not drawn at all rather than showing a broken image.
 */
export function SiteFavicon({ domain }: { domain: string }) {
  const [missing, setMissing] = useState(false);
  if (missing || !FaviconDomain.safeParse(domain).success) return null;
  return (
    <img
      src={faviconPath(domain)}
      width={16}
      height={16}
      alt=""
      onError={() => setMissing(true)}
      className="size-4 shrink-0 rounded-sm"
    />
  );
}
