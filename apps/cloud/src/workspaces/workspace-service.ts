import type { CreateWorkspaceRequest, RenameWorkspaceRequest, Workspace } from "@multiclaw/protocol";
import type { Database } from "../db/connect.ts";
import { CloudError } from "../errors.ts";
import type { RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { requireMembership } from "./access.ts";
import { bumpConfigRevision } from "./config-revision.ts";
import { workspaceFor, workspacesOf } from "./workspace-dto.ts";

export interface WorkspaceService {
  list(principal: Principal): Promise<Workspace[]>;
  create(principal: Principal, request: CreateWorkspaceRequest): Promise<Workspace>;
  get(principal: Principal, workspaceId: string): Promise<Workspace>;
  rename(principal: Principal, workspaceId: string, request: RenameWorkspaceRequest): Promise<Workspace>;
}

export function createWorkspaceService(deps: { db: Database; runChange: RunChange }): WorkspaceService {
  const { db, runChange } = deps;
  return {
    async list(principal) {
      const all = await workspacesOf(db, principal.userId);
      return principal.instanceWorkspaceId === null
        ? all
        : all.filter((workspace) => workspace.id === principal.instanceWorkspaceId);
    },

    async create(principal, request) {
      if (principal.instanceId)
        throw new CloudError("FORBIDDEN", "Create workspaces from a signed-in app session");
      return runChange(async ({ tx, now }) => {
        const id = newId("workspace");
        await tx.insertInto("workspaces").values({ id, name: request.name, created_at: now }).execute();
        await tx
          .insertInto("memberships")
          .values({ workspace_id: id, user_id: principal.userId, role: "owner", joined_at: now })
          .execute();
        return workspaceFor(tx, id, "owner");
      });
    },

    async get(principal, workspaceId) {
      const role = await requireMembership(db, principal, workspaceId);
      return workspaceFor(db, workspaceId, role);
    },

    async rename(principal, workspaceId, request) {
      return runChange(async (change) => {
        const role = await requireMembership(change.tx, principal, workspaceId, "admin");
        await change.tx
          .updateTable("workspaces")
          .set({ name: request.name })
          .where("id", "=", workspaceId)
          .execute();
        const revision = await bumpConfigRevision(change.tx, workspaceId, "workspace");
        await change.emit(workspaceId, {
          name: "config-changed",
          revision,
          scope: "workspace",
          changedBy: principal.userId,
        });
        return workspaceFor(change.tx, workspaceId, role);
      });
    },
  };
}
