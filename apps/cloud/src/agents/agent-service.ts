import type { Agent, CreateAgentRequest, McpServerConfig, UpdateAgentRequest } from "@multiclaw/protocol";
import type { Kysely, Transaction } from "kysely";
import type { Database } from "../db/connect.ts";
import type { AgentRow, CloudDatabase } from "../db/schema.ts";
import { CloudError, notFound } from "../errors.ts";
import type { ChangeContext, RunChange } from "../events/emit.ts";
import type { Principal } from "../http/principal.ts";
import { newId } from "../ids.ts";
import { requireMembership } from "../workspaces/access.ts";
import { bumpConfigRevision } from "../workspaces/config-revision.ts";

type Reader = Kysely<CloudDatabase> | Transaction<CloudDatabase>;

export function agentDto(row: AgentRow): Agent {
  return {
    id: row.id,
    workspaceId: row.workspace_id,
    name: row.name,
    instructions: row.instructions,
    provider: row.provider as Agent["provider"],
    model: row.model,
    toolPolicy: row.tool_policy,
    mcpServers: row.mcp_servers as Record<string, McpServerConfig>,
    revision: row.revision,
    createdBy: row.created_by,
    createdAt: row.created_at.toISOString(),
    updatedAt: row.updated_at.toISOString(),
  };
}

export async function agentsOf(db: Reader, workspaceId: string, changedAfter = -1): Promise<Agent[]> {
  const rows = await db
    .selectFrom("agents")
    .selectAll()
    .where("workspace_id", "=", workspaceId)
    .where("revision", ">", changedAfter)
    .orderBy("created_at")
    .orderBy("id")
    .execute();
  return rows.map(agentDto);
}

export interface AgentService {
  list(principal: Principal, workspaceId: string): Promise<Agent[]>;
  get(principal: Principal, workspaceId: string, agentId: string): Promise<Agent>;
  create(principal: Principal, workspaceId: string, request: CreateAgentRequest): Promise<Agent>;
  update(
    principal: Principal,
    workspaceId: string,
    agentId: string,
    request: UpdateAgentRequest,
  ): Promise<Agent>;
  remove(principal: Principal, workspaceId: string, agentId: string): Promise<void>;
}

async function announce(change: ChangeContext, workspaceId: string, agentId: string, principal: Principal) {
  const revision = await bumpConfigRevision(change.tx, workspaceId, "agents");
  await change.emit(workspaceId, {
    name: "config-changed",
    revision,
    scope: "agents",
    agentId,
    changedBy: principal.userId,
  });
  return revision;
}

/** Agent settings. Every change raises the workspace's config revision and tells connected instances. */
export function createAgentService(deps: { db: Database; runChange: RunChange }): AgentService {
  const { db, runChange } = deps;

  async function find(reader: Reader, workspaceId: string, agentId: string, lock = false): Promise<AgentRow> {
    let query = reader
      .selectFrom("agents")
      .selectAll()
      .where("id", "=", agentId)
      .where("workspace_id", "=", workspaceId);
    if (lock) query = query.forUpdate();
    const row = await query.executeTakeFirst();
    if (!row) throw notFound("agent");
    return row;
  }

  return {
    async list(principal, workspaceId) {
      await requireMembership(db, principal, workspaceId);
      return agentsOf(db, workspaceId);
    },

    async get(principal, workspaceId, agentId) {
      await requireMembership(db, principal, workspaceId);
      return agentDto(await find(db, workspaceId, agentId));
    },

    async create(principal, workspaceId, request) {
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId, "admin");
        const id = newId("agent");
        const revision = await announce(change, workspaceId, id, principal);
        const row = await change.tx
          .insertInto("agents")
          .values({
            id,
            workspace_id: workspaceId,
            name: request.name,
            instructions: request.instructions,
            provider: request.provider,
            model: request.model,
            tool_policy: JSON.stringify(request.toolPolicy),
            mcp_servers: JSON.stringify(request.mcpServers),
            revision,
            created_by: principal.userId,
            created_at: change.now,
            updated_at: change.now,
          })
          .returningAll()
          .executeTakeFirstOrThrow();
        return agentDto(row);
      });
    },

    async update(principal, workspaceId, agentId, request) {
      return runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId, "admin");
        const current = await find(change.tx, workspaceId, agentId, true);
        if (request.expectedRevision !== undefined && request.expectedRevision !== current.revision) {
          throw new CloudError(
            "CONFLICT",
            `The agent changed (revision ${current.revision}, you expected ${request.expectedRevision})`,
          );
        }
        const revision = await announce(change, workspaceId, agentId, principal);
        const row = await change.tx
          .updateTable("agents")
          .set({
            ...(request.name !== undefined && { name: request.name }),
            ...(request.instructions !== undefined && { instructions: request.instructions }),
            ...(request.provider !== undefined && { provider: request.provider }),
            ...(request.model !== undefined && { model: request.model }),
            ...(request.toolPolicy !== undefined && { tool_policy: JSON.stringify(request.toolPolicy) }),
            ...(request.mcpServers !== undefined && { mcp_servers: JSON.stringify(request.mcpServers) }),
            revision,
            updated_at: change.now,
          })
          .where("id", "=", agentId)
          .returningAll()
          .executeTakeFirstOrThrow();
        return agentDto(row);
      });
    },

    async remove(principal, workspaceId, agentId) {
      await runChange(async (change) => {
        await requireMembership(change.tx, principal, workspaceId, "admin");
        await find(change.tx, workspaceId, agentId, true);
        const revision = await announce(change, workspaceId, agentId, principal);
        await change.tx.deleteFrom("agents").where("id", "=", agentId).execute();
        // The tombstone lets config deltas tell instances to drop the agent.
        await change.tx
          .insertInto("agent_tombstones")
          .values({ workspace_id: workspaceId, agent_id: agentId, revision })
          .execute();
      });
    },
  };
}
