import type { Logger } from "pino";
import type { LinkPreviewSettings } from "./link-preview-settings.ts";
import { createLinkPreviews, type LinkPreviews } from "./link-previews.ts";
import { loadMicrolinkClient } from "./microlink-client.ts";

/** The parts of the gateway's egress that link previews and favicons use. */
export interface WindowedRowEgress {
  blocked: { has(rowId: string): boolean };
  windows: { open(rowId: string): () => void };
}

/**
 * Link previews as the gateway composes them: Microlink's client on the guarded fetch, under row `link-preview`.
 *
 * @example
 * const previews = createGatewayLinkPreviews(readLinkPreviewSettings(env), { egress, fetch: guardedFetch, logger });
 */
export function createGatewayLinkPreviews(
  settings: LinkPreviewSettings,
  deps: { egress: WindowedRowEgress; fetch: typeof globalThis.fetch; logger: Logger; now?: () => number },
): LinkPreviews {
  const { egress } = deps;
  return createLinkPreviews({
    gate: settings.gate,
    loadClient: () =>
      loadMicrolinkClient({ endpoint: settings.endpoint, apiKey: settings.apiKey, fetch: deps.fetch }),
    isBlocked: () => egress.blocked.has("link-preview"),
    openRow: () => egress.windows.open("link-preview"),
    now: deps.now ?? Date.now,
    // The link itself stays out of the log: it may be as private as the message it came from.
    onFailure: (_url, error) => deps.logger.warn({ err: error }, "link preview failed"),
  });
}
