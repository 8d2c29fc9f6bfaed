import { isLoopbackHost } from "@multiclaw/egress";

/** A service URL in the environment that the network contract does not allow. */
export class ServiceUrlError extends Error {
  readonly code = "EGRESS_CONFIG_INVALID";
}

/**
 * The URL of an outside service from `variable`, or `fallback`: https, or plain http on loopback only (a local
 * stand-in). Checked once at start, so a bad value stops the gateway with the variable's name instead of every
 * later connection failing.
 *
 * @example
 * serviceUrlFrom(process.env, "MULTICLAW_FAVICON_URL", "https://www.google.com/s2/favicons")
 */
export function serviceUrlFrom(env: NodeJS.ProcessEnv, variable: string, fallback: string): string {
  const value = env[variable]?.trim() || fallback;
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new ServiceUrlError(`${variable} is not a URL: ${value}`);
  }
  const loopback = isLoopbackHost(url.hostname);
  if (url.protocol !== "https:" && !(url.protocol === "http:" && loopback)) {
    throw new ServiceUrlError(`${variable} must be an https: URL (http: only on loopback): ${value}`);
  }
  if (url.username || url.password) throw new ServiceUrlError(`${variable} must not carry credentials`);
  return url.href;
}
