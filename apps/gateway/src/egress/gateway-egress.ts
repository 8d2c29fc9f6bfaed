/*
 * The gateway's side of the network contract: which rows exist on this machine (hosts from the Cloud URL, the
 * synced keys and the agents' MCP servers), when each may connect (its live condition), and the one guard every
 * outbound socket of the process goes through.
 */
import {
  type EgressConfig,
  type Endpoint,
  type ProviderName,
  type ResolvedRow,
  resolveInventory,
} from "@multiclaw/egress";
import {
  type ConditionState,
  type ConnectionLedger,
  createConnectionLedger,
  createEgressGuard,
  EgressBlockedError,
  type EgressGuard,
  type EgressTarget,
  type RowSummary,
} from "@multiclaw/egress/node";
import type { BlockedRows } from "./blocked-rows.ts";
import { createRowSockets } from "./row-sockets.ts";
import { createRowWindows, type RowWindows } from "./row-windows.ts";
import { createWebFetchWindows, type WebFetchWindows } from "./web-fetch-windows.ts";

/** What the gateway knows right now that decides its rows and their conditions. */
export interface EgressLiveState {
  /** The Cloud's API origin, or undefined when signed out. */
  cloudUrl(): string | undefined;
  /** Providers with a key from config sync, with the key's base URL when it has one. */
  configuredProviders(): ReadonlyMap<ProviderName, string | null>;
  /** Every MCP server named in the workspace's agents, and whether any agent enabled it. */
  mcpServers(): readonly { name: string; url?: string; enabled: boolean }[];
  /** Why the feature behind a windowed row is off on this machine (link previews on too old a Node), if it is. */
  featureOff?(rowId: string): string | undefined;
}

export interface GatewayEgress {
  readonly guard: EgressGuard;
  readonly ledger: ConnectionLedger;
  /** The user's blocks; blocking a row also cuts the connections it has open, so the block applies at once. */
  readonly blocked: BlockedRows;
  readonly webFetch: WebFetchWindows;
  /**
   * Link previews, favicons and the update check: their rows connect only while the gateway fetches one
   * (row-windows.ts).
   */
  readonly windows: RowWindows;
  /** The rows of this installation now. */
  rows(): readonly ResolvedRow[];
  /** The table `multiclaw connections` prints. */
  summary(): RowSummary[];
  /** The current condition of a row, with the reason when it may not connect. */
  condition(row: ResolvedRow): ConditionState;
  /** Why a row's feature is off on this machine ("Link previews needs Node 24 (this is 20.20.2)"), if it is. */
  featureOff(rowId: string): string | undefined;
}

/** Rows only the desktop app opens; the gateway process never may. */
const appOnlyRows = new Set(["turn", "progress"]);

/** Rows the gateway opens for the App, each only while one of its fetches (or the update check) runs. */
const windowedRows = new Set(["link-preview", "favicon", "updates"]);

/** Why a row the user blocked is refused, with the way back. */
function blockedReason(rowId: string): string {
  return `you blocked it (multiclaw connections unblock ${rowId})`;
}

/** Why a web-fetch connection is cut or refused once the fetch that opened it is over. */
function fetchEndedReason(host: string): string {
  return `no web fetch of ${host} is in progress`;
}

export function createGatewayEgress(options: {
  state: EgressLiveState;
  blocked: BlockedRows;
  /** Extra certificate authorities (a self-hosted Cloud's). */
  ca?: string | Buffer;
  ledgerCapacity?: number;
  /**
   * Where web-fetch may connect instead of any public host over HTTPS. Only tests set it, to fetch a page from
   * a loopback server, which the row itself refuses.
   */
  webFetchEndpoints?: readonly Endpoint[];
  /**
   * Where the preview and favicon services and the update server are (`MULTICLAW_LINK_PREVIEW_URL`,
   * `MULTICLAW_FAVICON_URL`, `MULTICLAW_UPDATES_URL`).
   */
  serviceUrls?: Pick<EgressConfig, "linkPreviewUrl" | "faviconUrl" | "updatesUrl">;
  /** The cause of the connection being decided (cause-scopes.ts); the ledger keeps it with the entry. */
  causeOf?: () => unknown;
}): GatewayEgress {
  const { state } = options;
  // web-fetch lives as long as its fetch (statement 4's rule for a row scoped to an operation): when the last
  // fetch of a host ends, the connections it opened there are cut at once. Otherwise undici would keep them
  // alive for the next request, which would then reuse them without the guard being asked again. A redirect
  // to the same host therefore connects anew for its next hop, as it has its own window.
  const webFetch = createWebFetchWindows({
    onLastClosed(host, port) {
      sockets.cut(
        "web-fetch",
        (target) => new EgressBlockedError("web-fetch", fetchEndedReason(host), target),
        { host, port },
      );
    },
  });
  const sockets = createRowSockets(createConnectionLedger({ capacity: options.ledgerCapacity ?? 1000 }), {
    // A connection that finished opening after its row stopped being allowed (see row-sockets.ts): the guard's
    // own question, asked again.
    lapsed(rowId, target) {
      const row = rows().find((each) => each.id === rowId);
      const now = row ? allowedNow(row, target) : { active: false, reason: "no longer in the inventory" };
      if (now.active) return undefined;
      const reason = now.reason ?? `condition ${row?.condition} does not hold`;
      return new EgressBlockedError(rowId, reason, `${target.host}:${target.port}`);
    },
  });
  const { ledger } = sockets;
  const windows = createRowWindows({
    onLastClosed(rowId) {
      sockets.cut(rowId, (target) => new EgressBlockedError(rowId, "its fetch is over", target));
    },
  });
  const blocked: BlockedRows = {
    has: (rowId) => options.blocked.has(rowId),
    list: () => options.blocked.list(),
    block(rowId) {
      options.blocked.block(rowId);
      sockets.cut(rowId, (target) => new EgressBlockedError(rowId, blockedReason(rowId), target));
    },
    unblock: (rowId) => options.blocked.unblock(rowId),
  };

  let cachedKey = "";
  let cachedRows: ResolvedRow[] = [];
  /** Re-resolved only when the inputs change (the guard asks on every connection). */
  function rows(): readonly ResolvedRow[] {
    const providers = state.configuredProviders();
    const config: EgressConfig = {
      ...(state.cloudUrl() ? { cloudApiUrl: state.cloudUrl() } : {}),
      providerBaseUrls: Object.fromEntries(
        [...providers].flatMap(([provider, baseUrl]) => (baseUrl ? [[provider, baseUrl]] : [])),
      ),
      mcpServers: state.mcpServers().map(({ name, url }) => (url ? { name, url } : { name })),
      webFetch: true,
      ...options.serviceUrls,
    };
    const key = JSON.stringify(config);
    if (key !== cachedKey) {
      const { webFetchEndpoints } = options;
      cachedRows = resolveInventory(config).map((row) =>
        row.id === "web-fetch" && webFetchEndpoints ? { ...row, endpoints: webFetchEndpoints } : row,
      );
      cachedKey = key;
    }
    return cachedRows;
  }

  function condition(row: ResolvedRow): ConditionState {
    if (blocked.has(row.id)) {
      return { active: false, reason: blockedReason(row.id) };
    }
    if (windowedRows.has(row.id)) {
      const off = state.featureOff?.(row.id);
      if (off) return { active: false, reason: off };
      return windows.isOpen(row.id)
        ? { active: true }
        : { active: false, reason: `no ${row.title.toLowerCase()} is being fetched` };
    }
    if (appOnlyRows.has(row.id))
      return { active: false, reason: "only the desktop app opens this connection" };
    const [kind, subject] = row.condition.split(":", 2) as [string, string | undefined];
    switch (kind) {
      case "signed-in":
      case "gateway-running":
        // The event stream runs whenever the gateway does, but it needs a Cloud to be signed in to.
        return state.cloudUrl() ? { active: true } : { active: false, reason: "not signed in" };
      case "key-configured":
        return state.configuredProviders().has(subject as ProviderName)
          ? { active: true }
          : { active: false, reason: `no key configured for ${subject}` };
      case "mcp-enabled": {
        const server = state.mcpServers().find((candidate) => candidate.name === subject);
        if (!server) return { active: false, reason: `no MCP server named ${subject}` };
        return server.enabled
          ? { active: true }
          : { active: false, reason: `MCP server ${subject} is disabled` };
      }
      case "user-initiated":
        return { active: false, reason: "no web fetch you asked for is in progress" };
      default:
        return { active: false, reason: `the gateway never opens ${row.id}` };
    }
  }

  /** Whether `row` may connect to `target` now: the guard's condition for every new connection. */
  function allowedNow(row: ResolvedRow, target: EgressTarget): ConditionState {
    const base = condition(row);
    // Only the event socket connects as cloud-events; an API request to a shared origin stays cloud-api,
    // so blocking cloud-api stops it.
    if (row.id === "cloud-events" && target.row !== "cloud-events" && base.active) {
      return { active: false, reason: "only the event stream connects as cloud-events" };
    }
    if (row.id !== "web-fetch" || blocked.has(row.id)) return base;
    return webFetch.isOpen(target.host, target.port)
      ? { active: true }
      : { active: false, reason: fetchEndedReason(target.host) };
  }

  const inner = createEgressGuard({
    inventory: rows,
    ledger,
    ...(options.ca ? { ca: options.ca } : {}),
    ...(options.causeOf ? { causeOf: options.causeOf } : {}),
    conditions: allowedNow,
  });

  sockets.trackAgent(inner.httpAgent);
  sockets.trackAgent(inner.httpsAgent);
  const guard: EgressGuard = {
    ...inner,
    agentsFor(rowId) {
      const made = inner.agentsFor(rowId);
      sockets.trackAgent(made.httpAgent);
      sockets.trackAgent(made.httpsAgent);
      return made;
    },
    async close() {
      sockets.close();
      await inner.close();
    },
  };

  return {
    guard,
    ledger,
    blocked,
    webFetch,
    windows,
    rows,
    condition,
    featureOff: (rowId) => (windowedRows.has(rowId) ? state.featureOff?.(rowId) : undefined),
    summary: () =>
      ledger
        .summary(rows(), (row) => {
          if (appOnlyRows.has(row.id)) return false;
          if (windowedRows.has(row.id)) return state.featureOff?.(row.id) === undefined;
          // A row without hosts is configured only if it is an MCP server's: a stdio server, a local process
          // the gateway starts and opens no connection for. Enabled, it reads idle, not "not configured".
          if (row.endpoints.length === 0 && !row.condition.startsWith("mcp-enabled:")) return false;
          // Signed out, no key, a disabled server: nothing to connect to, as opposed to blocked.
          return row.id === "web-fetch" || condition(row).active || blocked.has(row.id);
        })
        .map((summary) =>
          blocked.has(summary.rowId) && summary.state !== "active"
            ? { ...summary, state: "blocked" as const }
            : summary,
        ),
  };
}
