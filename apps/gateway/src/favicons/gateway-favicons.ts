import type { Logger } from "pino";
import type { WindowedRowEgress } from "../link-previews/gateway-link-previews.ts";
import { createFavicons, type Favicons } from "./favicons.ts";

/**
 * Favicons as the gateway composes them: the favicon service on the guarded fetch, under row `favicon`.
 *
 * @example
 * const favicons = createGatewayFavicons(readFaviconEndpoint(env), { egress, fetch: dispatchFetch, logger });
 */
export function createGatewayFavicons(
  endpoint: string,
  deps: { egress: WindowedRowEgress; fetch: typeof globalThis.fetch; logger: Logger; now?: () => number },
): Favicons {
  const { egress } = deps;
  return createFavicons({
    endpoint,
    fetch: deps.fetch,
    isBlocked: () => egress.blocked.has("favicon"),
    openRow: () => egress.windows.open("favicon"),
    now: deps.now ?? Date.now,
    onFailure: (domain, error) => deps.logger.warn({ err: error, domain }, "favicon fetch failed"),
  });
}
