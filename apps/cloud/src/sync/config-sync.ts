import type { ConfigDelta, ConfigSnapshot, SyncedProviderKey } from "@multiclaw/protocol";
import type { Transaction } from "kysely";
import { agentsOf } from "../agents/agent-service.ts";
import type { Database } from "../db/connect.ts";
import type { CloudDatabase } from "../db/schema.ts";
import { CloudError } from "../errors.ts";
import type { Principal } from "../http/principal.ts";
import { requireMembership } from "../workspaces/access.ts";
import { membersOf } from "../workspaces/workspace-dto.ts";

export interface SyncKeySource {
  /** Decrypted keys of a workspace; called only for an authenticated instance of that workspace. */
  decryptForSync(workspaceId: string, reader: Transaction<CloudDatabase>): Promise<SyncedProviderKey[]>;
}

export interface ConfigSyncService {
  /** The current revision, cheap enough to answer If-None-Match before building a snapshot. */
  revision(principal: Principal, workspaceId: string): Promise<number>;
  snapshot(principal: Principal, workspaceId: string): Promise<ConfigSnapshot>;
  delta(principal: Principal, workspaceId: string, since: number): Promise<ConfigDelta>;
}

/** The ETag of a snapshot: it changes exactly when the workspace's config revision does. */
export function snapshotEtag(workspaceId: string, revision: number): string {
  return `"${workspaceId}.${revision}"`;
}

/**
 * What an instance needs to run its workspace's agents: agent settings, MCP servers, decrypted provider keys
 * and the member list, all at one revision. Only instances of the workspace get here (the route demands an
 * instance token, and `requireMembership` pins it to its own workspace).
 */
export function createConfigSyncService(deps: { db: Database; keys: SyncKeySource }): ConfigSyncService {
  const { db, keys } = deps;

  async function authorize(principal: Principal, workspaceId: string) {
    if (!principal.instanceId) throw new CloudError("FORBIDDEN", "Config sync is for signed-in instances");
    await requireMembership(db, principal, workspaceId);
  }

  return {
    async revision(principal, workspaceId) {
      await authorize(principal, workspaceId);
      const row = await db
        .selectFrom("workspaces")
        .select("config_revision")
        .where("id", "=", workspaceId)
        .executeTakeFirstOrThrow();
      return row.config_revision;
    },

    async snapshot(principal, workspaceId) {
      await authorize(principal, workspaceId);
      // One repeatable-read transaction so agents, keys and members belong to the same revision.
      return db
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute(async (tx) => {
          const workspace = await tx
            .selectFrom("workspaces")
            .select(["name", "config_revision"])
            .where("id", "=", workspaceId)
            .executeTakeFirstOrThrow();
          return {
            workspaceId,
            instanceId: principal.instanceId as string,
            revision: workspace.config_revision,
            workspaceName: workspace.name,
            agents: await agentsOf(tx, workspaceId),
            providerKeys: await keys.decryptForSync(workspaceId, tx),
            members: await membersOf(tx, workspaceId),
          };
        });
    },

    async delta(principal, workspaceId, since) {
      await authorize(principal, workspaceId);
      return db
        .transaction()
        .setIsolationLevel("repeatable read")
        .execute(async (tx) => {
          const workspace = await tx
            .selectFrom("workspaces")
            .select(["name", "config_revision", "members_revision", "keys_revision", "name_revision"])
            .where("id", "=", workspaceId)
            .executeTakeFirstOrThrow();
          if (since > workspace.config_revision) {
            throw new CloudError(
              "VALIDATION_FAILED",
              `Revision ${since} is newer than the workspace's (${workspace.config_revision}); fetch a snapshot`,
            );
          }
          const deleted = await tx
            .selectFrom("agent_tombstones")
            .select("agent_id")
            .where("workspace_id", "=", workspaceId)
            .where("revision", ">", since)
            .execute();
          const delta: ConfigDelta = {
            workspaceId,
            fromRevision: since,
            revision: workspace.config_revision,
            agentsChanged: await agentsOf(tx, workspaceId, since),
            agentsDeleted: deleted.map((row) => row.agent_id),
          };
          if (workspace.keys_revision > since)
            delta.providerKeys = await keys.decryptForSync(workspaceId, tx);
          if (workspace.members_revision > since) delta.members = await membersOf(tx, workspaceId);
          if (workspace.name_revision > since) delta.workspaceName = workspace.name;
          return delta;
        });
    },
  };
}
