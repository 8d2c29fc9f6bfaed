import { useQuery } from "@tanstack/react-query";
import { linkPreviewQuery } from "./link-preview-queries.ts";
import { SiteFavicon } from "./site-favicon.tsx";

/**
 * The title card of one link, once the gateway has its title: icon, site, title and one line of description,
 * the whole card a link to the page in a new tab. Until then, and when there is no preview (blocked, a private
 * address, the service failed), nothing is drawn: the link in the message is still there.
 */
export function LinkPreviewCard({ url }: { url: string }) {
  const preview = useQuery(linkPreviewQuery(url)).data;
  if (preview?.state !== "ready") return null;
  const host = new URL(url).hostname;
  const site = preview.siteName ?? host.replace(/^www\./, "");
  return (
    <a
      href={url}
      target="_blank"
      rel="noreferrer noopener"
      aria-label={`${preview.title} — ${site}`}
      className="flex max-w-md min-w-0 flex-col gap-0.5 rounded-lg border border-zinc-200 bg-white px-3 py-2 text-sm hover:bg-zinc-50 dark:border-zinc-800 dark:bg-zinc-900 dark:hover:bg-zinc-800/70"
    >
      <span className="flex min-w-0 items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
        <SiteFavicon domain={host} />
        <span className="truncate">{site}</span>
      </span>
      <span className="truncate font-medium text-zinc-900 dark:text-zinc-100">{preview.title}</span>
      {preview.description ? (
        <span className="truncate text-xs text-zinc-600 dark:text-zinc-400">{preview.description}</span>
      ) : null}
    </a>
  );
}
