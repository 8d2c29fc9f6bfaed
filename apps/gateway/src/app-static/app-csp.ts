/*
 * The App's Content-Security-Policy, as one table. The page talks to its own origin only: every script, style,
 * font and icon ships with it, and every outbound connection it causes is made by the gateway under its egress
 * guard. The one addition is the run-event WebSocket: `'self'` does not cover `ws:` in every browser.
 */

type Directive =
  | "default-src"
  | "script-src"
  | "style-src"
  | "img-src"
  | "font-src"
  | "connect-src"
  | "object-src"
  | "base-uri"
  | "frame-ancestors"
  | "form-action";

export type ContentSecurityPolicy = Readonly<Record<Directive, readonly string[]>>;

/** The policy for a gateway listening on `port`. */
export function appContentSecurityPolicy(port: number): ContentSecurityPolicy {
  return {
    "default-src": ["'self'"],
    "script-src": ["'self'"],
    "style-src": ["'self'"],
    // data: for the small images CSS inlines; never a remote host (favicons come through the gateway).
    "img-src": ["'self'", "data:"],
    "font-src": ["'self'"],
    "connect-src": ["'self'", `ws://127.0.0.1:${port}`, `ws://localhost:${port}`],
    "object-src": ["'none'"],
    "base-uri": ["'none'"],
    "frame-ancestors": ["'none'"],
    "form-action": ["'self'"],
  };
}

/** `default-src 'self'; script-src 'self'; …` */
export function serialiseContentSecurityPolicy(policy: ContentSecurityPolicy): string {
  return Object.entries(policy)
    .map(([directive, sources]) => `${directive} ${sources.join(" ")}`)
    .join("; ");
}
