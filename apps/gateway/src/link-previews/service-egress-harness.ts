import { undiciFetch } from "@multiclaw/egress/node";
import { createBlockedRows } from "../egress/blocked-rows.ts";
import { createGatewayEgress, type GatewayEgress } from "../egress/gateway-egress.ts";

/*
 * For tests: the gateway's real egress (inventory, guard, ledger, row windows, blocks) with the preview and
 * favicon rows pointed at local stand-ins, and the guarded fetch the gateway gives those features. Nothing is
 * installed globally; close() closes the guard.
 */

export interface ServiceEgressHarness {
  egress: GatewayEgress;
  /** The guard's fetch, as the gateway gives it to previews and favicons. */
  fetch: typeof globalThis.fetch;
  close(): Promise<void>;
}

export function startServiceEgress(options: {
  linkPreviewUrl?: string;
  faviconUrl?: string;
  featureOff?: (rowId: string) => string | undefined;
}): ServiceEgressHarness {
  const values = new Map<string, unknown>();
  const egress = createGatewayEgress({
    state: {
      cloudUrl: () => undefined,
      configuredProviders: () => new Map(),
      mcpServers: () => [],
      ...(options.featureOff ? { featureOff: options.featureOff } : {}),
    },
    blocked: createBlockedRows({
      get: (key) => values.get(key),
      set: (key, value) => values.set(key, value),
    }),
    serviceUrls: {
      ...(options.linkPreviewUrl ? { linkPreviewUrl: options.linkPreviewUrl } : {}),
      ...(options.faviconUrl ? { faviconUrl: options.faviconUrl } : {}),
    },
  });
  const fetch = ((url: string, init?: RequestInit) =>
    undiciFetch(url, {
      ...(init as Parameters<typeof undiciFetch>[1]),
      dispatcher: egress.guard.dispatcher,
    })) as unknown as typeof globalThis.fetch;
  return {
    egress,
    fetch,
    close: () => egress.guard.close(),
  };
}
