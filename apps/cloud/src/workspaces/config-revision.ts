import type { Transaction } from "kysely";
import type { CloudDatabase } from "../db/schema.ts";

/** Which part of the synced config changed; config sync's delta uses it to send only what changed. */
export type ConfigScope = "agents" | "provider-keys" | "members" | "workspace";

const scopeColumn = {
  "provider-keys": "keys_revision",
  members: "members_revision",
  workspace: "name_revision",
} as const;

/**
 * Raises the workspace's config revision inside the change's transaction and returns the new revision. The
 * row lock taken here also orders concurrent changes to one workspace.
 */
export async function bumpConfigRevision(
  tx: Transaction<CloudDatabase>,
  workspaceId: string,
  scope: ConfigScope,
): Promise<number> {
  const row = await tx
    .updateTable("workspaces")
    .set((eb) => {
      const next = eb("config_revision", "+", 1);
      return scope === "agents"
        ? { config_revision: next }
        : { config_revision: next, [scopeColumn[scope]]: next };
    })
    .where("id", "=", workspaceId)
    .returning("config_revision")
    .executeTakeFirstOrThrow();
  return row.config_revision;
}
