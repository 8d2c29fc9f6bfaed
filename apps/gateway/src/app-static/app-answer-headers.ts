import type { ServerResponse } from "node:http";
import { appContentSecurityPolicy, serialiseContentSecurityPolicy } from "./app-csp.ts";

/** How long a browser may keep an answer: hashed assets for good, the page only after asking again. */
export type AppCaching = "immutable" | "revalidate";

export const appCacheControl: Record<AppCaching, string> = {
  // A rebuilt file gets a new name, so the old one never changes.
  immutable: "public, max-age=31536000, immutable",
  // The page names the current assets; an ETag makes the check cheap.
  revalidate: "no-cache",
};

/**
 * Headers every answer of the App carries (the 503 page too). They replace the API's `default-src 'none'` and
 * `no-store` for this answer; nothing is framed, sniffed, referred or shared with another origin.
 */
export function setAppAnswerHeaders(response: ServerResponse, port: number, caching: AppCaching): void {
  response.setHeader(
    "content-security-policy",
    serialiseContentSecurityPolicy(appContentSecurityPolicy(port)),
  );
  response.setHeader("x-content-type-options", "nosniff");
  response.setHeader("referrer-policy", "no-referrer");
  response.setHeader("cross-origin-opener-policy", "same-origin");
  response.setHeader("cross-origin-resource-policy", "same-origin");
  response.setHeader("x-frame-options", "DENY");
  response.setHeader("cache-control", appCacheControl[caching]);
}
