/*
 * Turns the declared rows into concrete ones for one installation: hosts and ports come from configuration
 * (a self-hosted Cloud, a provider proxy, the user's MCP servers), the rules stay those of the template.
 */
import { type ConditionName, type ProviderName, type RowTemplate, rowTemplates } from "./inventory.ts";

/** The configured hosts. Every URL is optional; a missing one falls back to the published default. */
export interface EgressConfig {
  /** The Cloud's API origin; the embedded default is loopback (`http://127.0.0.1:<port>`). */
  cloudApiUrl?: string;
  /** The Cloud's event socket; defaults to the API origin with `ws(s):`. */
  cloudEventsUrl?: string;
  updatesUrl?: string;
  /** TURN over TLS; UDP relaying is outside this guard (it is not a TCP connection). */
  turnUrl?: string;
  /** Base URLs per provider, for proxies or regional endpoints. */
  providerBaseUrls?: Partial<Record<ProviderName, string>>;
  /** A Pusher-compatible host; `*.pusher.com` (any Pusher cluster) by default. */
  pusherHost?: string;
  linkPreviewUrl?: string;
  faviconUrl?: string;
  /** Configured MCP servers; a server without a URL (stdio) still gets a row, with no endpoints. */
  mcpServers?: readonly { name: string; url?: string }[];
  /** Declares the web-fetch row (any public host over HTTPS). Off until the feature ships. */
  webFetch?: boolean;
}

/** Where a connection may go once DNS has answered. */
export type Reach = "loopback" | "public" | "private";

/** One host and port a row may connect to, at the connection level (`wss:` counts as `https:`). */
export interface Endpoint {
  readonly scheme: "https:" | "http:";
  /** Lower-case host; `*.example.com` matches any subdomain, `*` any host. */
  readonly host: string;
  readonly port: number;
  readonly reach: Reach;
}

/** A row of this installation: the template's text with a concrete condition and endpoints. */
export interface ResolvedRow extends RowTemplate {
  readonly condition: ConditionName;
  readonly endpoints: readonly Endpoint[];
}

/** The published defaults. */
export const defaultUrls = {
  cloudApiUrl: "https://api.multiclaw.io",
  cloudEventsUrl: "wss://ws.multiclaw.io",
  updatesUrl: "https://cdn.multiclaw.io",
  turnUrl: "https://turn.multiclaw.io",
  openai: "https://api.openai.com",
  anthropic: "https://api.anthropic.com",
  gemini: "https://generativelanguage.googleapis.com",
  pusherHost: "*.pusher.com",
  linkPreviewUrl: "https://api.microlink.io",
  faviconUrl: "https://www.google.com/s2/favicons",
} as const;

/** True for names and literals that can only mean this machine. */
export function isLoopbackHost(host: string): boolean {
  const bare = host.replace(/^\[|\]$/g, "").toLowerCase();
  return bare === "localhost" || bare === "::1" || /^127(\.\d{1,3}){3}$/.test(bare);
}

/** Thrown for a configuration the contract forbids (plain http to the internet, a public row on loopback). */
export class EgressConfigError extends Error {
  readonly code = "EGRESS_CONFIG_INVALID";
}

function endpointOf(template: RowTemplate, rawUrl: string): Endpoint {
  const url = new URL(rawUrl);
  const secure = url.protocol === "https:" || url.protocol === "wss:";
  if (!secure && url.protocol !== "http:" && url.protocol !== "ws:") {
    throw new EgressConfigError(`${template.id}: unsupported scheme ${url.protocol} in ${rawUrl}`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, "").toLowerCase();
  const loopback = isLoopbackHost(host);
  if (loopback && template.address === "public-only") {
    throw new EgressConfigError(`${template.id} must reach a public host, not ${host}`);
  }
  if (!secure && !loopback) {
    throw new EgressConfigError(`${template.id}: ${url.protocol} is allowed on loopback only; use https/wss`);
  }
  const reach: Reach = loopback ? "loopback" : template.address === "private-allowed" ? "private" : "public";
  const port = url.port === "" ? (secure ? 443 : 80) : Number(url.port);
  return { scheme: secure ? "https:" : "http:", host, port, reach };
}

function requireTemplate(id: string): RowTemplate {
  const found = rowTemplates.find((row) => row.id === id);
  if (!found) throw new Error(`no row template ${id}`);
  return found;
}

function row(id: string, urls: readonly string[]): ResolvedRow {
  const template = requireTemplate(id);
  return { ...template, endpoints: urls.map((url) => endpointOf(template, url)) };
}

/** The concrete rows for a configuration. Throws EgressConfigError for a configuration the contract forbids. */
export function resolveInventory(config: EgressConfig = {}): ResolvedRow[] {
  const apiUrl = config.cloudApiUrl ?? defaultUrls.cloudApiUrl;
  const eventsUrl =
    config.cloudEventsUrl ??
    (config.cloudApiUrl ? apiUrl.replace(/^http/, "ws") : defaultUrls.cloudEventsUrl);
  const providers = config.providerBaseUrls ?? {};
  const pusher = config.pusherHost ?? defaultUrls.pusherHost;
  const rows: ResolvedRow[] = [
    row("cloud-api", [apiUrl]),
    row("cloud-events", [eventsUrl]),
    row("updates", [config.updatesUrl ?? defaultUrls.updatesUrl]),
    row("turn", [config.turnUrl ?? defaultUrls.turnUrl]),
    row("llm-openai", [providers.openai ?? defaultUrls.openai]),
    row("llm-anthropic", [providers.anthropic ?? defaultUrls.anthropic]),
    row("llm-gemini", [providers.gemini ?? defaultUrls.gemini]),
    // No default host: the row has endpoints only once the user configured a base URL.
    row("llm-openai-compatible", providers["openai-compatible"] ? [providers["openai-compatible"]] : []),
    row("progress", [pusher.includes("://") ? pusher : `wss://${pusher}`]),
    row("link-preview", [config.linkPreviewUrl ?? defaultUrls.linkPreviewUrl]),
    row("favicon", [config.faviconUrl ?? defaultUrls.faviconUrl]),
  ];
  const mcp = requireTemplate("mcp:<name>");
  for (const server of config.mcpServers ?? []) {
    rows.push({
      ...mcp,
      id: `mcp:${server.name}`,
      title: `MCP server ${server.name}`,
      condition: `mcp-enabled:${server.name}`,
      endpoints: server.url ? [endpointOf(mcp, server.url)] : [],
    });
  }
  if (config.webFetch) {
    const template = requireTemplate("web-fetch");
    rows.push({ ...template, endpoints: [{ scheme: "https:", host: "*", port: 443, reach: "public" }] });
  }
  return rows;
}

/** Whether a connection target matches an endpoint (host pattern, port and scheme). */
export function endpointMatches(
  endpoint: Endpoint,
  target: { scheme: string; host: string; port: number },
): boolean {
  if (endpoint.scheme !== target.scheme || endpoint.port !== target.port) return false;
  const host = target.host.replace(/^\[|\]$/g, "").toLowerCase();
  if (endpoint.host === "*") return true;
  if (endpoint.host.startsWith("*.")) return host.endsWith(endpoint.host.slice(1));
  return endpoint.host === host;
}
