import type { Agent, Provider } from "@multiclaw/protocol";
import type { GatewayConfig, ProviderKeyEntry } from "./config-state.ts";

/** Added, changed and removed ids of one kind of thing. */
export interface Changes<Id extends string> {
  readonly added: readonly Id[];
  readonly changed: readonly Id[];
  readonly removed: readonly Id[];
}

/**
 * What one applied revision changed, by what the gateway must do about it: agents to reload, provider clients
 * to rebuild, MCP servers to start, stop or restart. A section is null when nothing in it changed.
 */
export interface ConfigChange {
  readonly source: "snapshot" | "delta";
  readonly fromRevision: number | null;
  readonly revision: number;
  readonly agents: Changes<string> | null;
  readonly providerKeys: Changes<Provider> | null;
  /** Agents whose MCP server list changed (servers added, removed, enabled, disabled or edited). */
  readonly mcpServers: { readonly agentIds: readonly string[] } | null;
  readonly members: boolean;
  readonly workspaceName: boolean;
}

/** Orders strings by UTF-16 code units: the same order on every machine, whatever its locale. */
function byCodeUnits(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * JSON with object keys sorted, so two equal settings compare equal whatever their key order. Not
 * localeCompare: that would make the order depend on the locale, and it loads ICU's collation data (~2 MiB
 * of resident memory) at the first sync.
 */
function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, item: unknown) =>
    item && typeof item === "object" && !Array.isArray(item)
      ? Object.fromEntries(Object.entries(item).sort(([a], [b]) => byCodeUnits(a, b)))
      : item,
  );
}

function diff<Id extends string, T>(
  before: ReadonlyMap<Id, T>,
  after: ReadonlyMap<Id, T>,
  same: (a: T, b: T) => boolean,
): Changes<Id> | null {
  const added = [...after.keys()].filter((id) => !before.has(id));
  const removed = [...before.keys()].filter((id) => !after.has(id));
  const changed = [...after.keys()].filter((id) => {
    const old = before.get(id);
    const current = after.get(id);
    return old !== undefined && current !== undefined && !same(old, current);
  });
  return added.length + removed.length + changed.length === 0 ? null : { added, changed, removed };
}

function sameKey(a: ProviderKeyEntry, b: ProviderKeyEntry): boolean {
  return a.keyVersion === b.keyVersion && a.baseUrl === b.baseUrl && a.apiKey.equals(b.apiKey);
}

function byId(agents: readonly Agent[]): ReadonlyMap<string, Agent> {
  return new Map(agents.map((agent) => [agent.id, agent]));
}

/** Compares two configurations; null when they are the same. */
export function describeChange(
  previous: GatewayConfig | null,
  next: GatewayConfig,
  source: ConfigChange["source"],
): ConfigChange | null {
  const before = byId(previous?.agents ?? []);
  const after = byId(next.agents);
  const agents = diff(before, after, (a, b) => canonical(a) === canonical(b));
  const servers = diff(before, after, (a, b) => canonical(a.mcpServers) === canonical(b.mcpServers));
  // A new or deleted agent concerns MCP only if it has (or had) servers.
  const hasServers = (agent: Agent | undefined) => Object.keys(agent?.mcpServers ?? {}).length > 0;
  const mcpAgentIds = servers
    ? [
        ...servers.added.filter((id) => hasServers(after.get(id))),
        ...servers.changed,
        ...servers.removed.filter((id) => hasServers(before.get(id))),
      ]
    : [];
  const providerKeys = diff(previous?.providerKeys ?? new Map(), next.providerKeys, sameKey);
  const members = canonical(previous?.members ?? null) !== canonical(next.members);
  const workspaceName = previous?.workspaceName !== next.workspaceName;
  if (!agents && !providerKeys && mcpAgentIds.length === 0 && !members && !workspaceName) return null;
  return {
    source,
    fromRevision: previous?.revision ?? null,
    revision: next.revision,
    agents,
    providerKeys,
    mcpServers: mcpAgentIds.length > 0 ? { agentIds: mcpAgentIds } : null,
    members,
    workspaceName,
  };
}
