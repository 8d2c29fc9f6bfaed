import { Secret } from "@multiclaw/agent";
import type {
  Agent,
  ConfigDelta,
  ConfigSnapshot,
  Member,
  Provider,
  SyncedProviderKey,
} from "@multiclaw/protocol";
import { type ConfigChange, describeChange } from "./config-change.ts";

/** A provider key as the gateway holds it: the key itself only as a Secret. */
export interface ProviderKeyEntry {
  readonly provider: Provider;
  readonly apiKey: Secret;
  readonly baseUrl: string | null;
  readonly keyVersion: number;
}

/** The workspace configuration this gateway runs with, at one revision. */
export interface GatewayConfig {
  readonly workspaceId: string;
  readonly instanceId: string;
  readonly revision: number;
  readonly workspaceName: string;
  readonly agents: readonly Agent[];
  readonly providerKeys: ReadonlyMap<Provider, ProviderKeyEntry>;
  readonly members: readonly Member[];
}

export type ConfigListener = (change: ConfigChange, config: GatewayConfig) => void;

/** The read side, for the parts of the gateway that run agents. */
export interface ConfigView {
  /** The current configuration, or null before the first sync. */
  current(): GatewayConfig | null;
  /** The key of a provider, if the workspace configured one. */
  providerKey(provider: Provider): ProviderKeyEntry | undefined;
  /** Called after each applied change, with what changed; returns an unsubscribe function. */
  onChange(listener: ConfigListener): () => void;
}

export interface ConfigState extends ConfigView {
  /** Replaces the configuration with a snapshot. Returns what changed, or null when nothing did. */
  applySnapshot(snapshot: ConfigSnapshot): ConfigChange | null;
  /** Applies a delta from the current revision. Throws when it does not start there (fetch a snapshot). */
  applyDelta(delta: ConfigDelta): ConfigChange | null;
}

function keysOf(synced: readonly SyncedProviderKey[]): ReadonlyMap<Provider, ProviderKeyEntry> {
  // The plain key leaves the synced object here and from now on exists only inside a Secret.
  return new Map(
    synced.map((key) => [
      key.provider,
      Object.freeze({
        provider: key.provider,
        apiKey: new Secret(key.apiKey),
        baseUrl: key.baseUrl,
        keyVersion: key.keyVersion,
      }),
    ]),
  );
}

function frozen(config: GatewayConfig): GatewayConfig {
  return Object.freeze({ ...config, agents: Object.freeze([...config.agents]) });
}

/**
 * Holds the synced configuration. Provider keys are Secrets, so the whole state can go through
 * JSON.stringify, util.inspect or a logger without a key in the output. Listeners hear one ConfigChange per
 * applied revision, naming the agents, keys and MCP servers that changed, so the gateway can apply it live.
 *
 * @example
 * const state = createConfigState();
 * state.onChange((change) => { if (change.mcpServers) restartServersOf(change.mcpServers.agentIds); });
 */
export function createConfigState(): ConfigState {
  let config: GatewayConfig | null = null;
  const listeners = new Set<ConfigListener>();

  function replace(next: GatewayConfig, source: ConfigChange["source"]): ConfigChange | null {
    const previous = config;
    config = frozen(next);
    const change = describeChange(previous, config, source);
    if (!change) return null;
    for (const listener of listeners) listener(change, config);
    return change;
  }

  return {
    current: () => config,
    providerKey: (provider) => config?.providerKeys.get(provider),
    onChange(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    applySnapshot(snapshot) {
      return replace(
        {
          workspaceId: snapshot.workspaceId,
          instanceId: snapshot.instanceId,
          revision: snapshot.revision,
          workspaceName: snapshot.workspaceName,
          agents: snapshot.agents,
          providerKeys: keysOf(snapshot.providerKeys),
          members: snapshot.members,
        },
        "snapshot",
      );
    },
    applyDelta(delta) {
      if (!config || config.workspaceId !== delta.workspaceId || config.revision !== delta.fromRevision) {
        throw new Error(
          `delta from revision ${delta.fromRevision} does not apply to revision ${config?.revision ?? "none"}`,
        );
      }
      const changed = new Map(delta.agentsChanged.map((agent) => [agent.id, agent]));
      const deleted = new Set(delta.agentsDeleted);
      const kept = config.agents
        .filter((agent) => !deleted.has(agent.id))
        .map((agent) => changed.get(agent.id) ?? agent);
      const added = delta.agentsChanged.filter(
        (agent) => !deleted.has(agent.id) && !config?.agents.some((known) => known.id === agent.id),
      );
      return replace(
        {
          ...config,
          revision: delta.revision,
          workspaceName: delta.workspaceName ?? config.workspaceName,
          agents: [...kept, ...added],
          providerKeys: delta.providerKeys ? keysOf(delta.providerKeys) : config.providerKeys,
          members: delta.members ?? config.members,
        },
        "delta",
      );
    },
  };
}
