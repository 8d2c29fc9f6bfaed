import { z } from "zod";
import { Agent } from "./agent.schema.ts";
import { AgentId, InstanceId, Provider, WorkspaceId } from "./common.schema.ts";
import { Member } from "./workspace.schema.ts";

/** A decrypted provider key, delivered only to an authenticated instance of its workspace. */
export const SyncedProviderKey = z.object({
  provider: Provider,
  apiKey: z.string(),
  baseUrl: z.string().nullable(),
  keyVersion: z.number().int().positive(),
});
export type SyncedProviderKey = z.infer<typeof SyncedProviderKey>;

export const ConfigSnapshot = z.object({
  workspaceId: WorkspaceId,
  instanceId: InstanceId,
  revision: z.number().int().nonnegative(),
  workspaceName: z.string(),
  agents: z.array(Agent),
  providerKeys: z.array(SyncedProviderKey),
  members: z.array(Member),
});
export type ConfigSnapshot = z.infer<typeof ConfigSnapshot>;

/**
 * What changed after `fromRevision`. Agents are sent whole; the key and member lists are sent whole when any of
 * them changed (they are small) and omitted otherwise. `full` means the delta is too old to compute: fetch the
 * snapshot instead.
 */
export const ConfigDelta = z.object({
  workspaceId: WorkspaceId,
  fromRevision: z.number().int().nonnegative(),
  revision: z.number().int().nonnegative(),
  agentsChanged: z.array(Agent),
  agentsDeleted: z.array(AgentId),
  providerKeys: z.array(SyncedProviderKey).optional(),
  members: z.array(Member).optional(),
  workspaceName: z.string().optional(),
});
export type ConfigDelta = z.infer<typeof ConfigDelta>;

export const ConfigDeltaQuery = z.strictObject({
  since: z.coerce.number().int().nonnegative(),
});
