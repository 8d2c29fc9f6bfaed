import { defaultUrls } from "@multiclaw/egress";
import { serviceUrlFrom } from "../link-previews/service-url.ts";

/** The favicon service (`MULTICLAW_FAVICON_URL`; Google's s2 endpoint by default), read once at start. */
export function readFaviconEndpoint(env: NodeJS.ProcessEnv): string {
  return serviceUrlFrom(env, "MULTICLAW_FAVICON_URL", defaultUrls.faviconUrl);
}
