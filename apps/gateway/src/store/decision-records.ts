import type { RunStore, StoredApproval } from "@multiclaw/agent";
import { ApprovalGrant, ApprovalRequest, Plan, Timestamp } from "@multiclaw/protocol";
import type Database from "libsql";
import { z } from "zod";
import { epochMs, parseStored, readJson, writeJson } from "./stored-value.ts";

type DecisionMethods = Pick<
  RunStore,
  | "savePlan"
  | "getPlan"
  | "saveApproval"
  | "getApproval"
  | "listApprovals"
  | "saveGrant"
  | "listGrants"
  | "deleteGrant"
>;

interface PlanRow {
  id: string;
  run_id: string;
  status: string;
  steps: string;
  edited: number;
  created_at: string;
  decided_at: string | null;
}

interface ApprovalRow {
  id: string;
  run_id: string;
  tool_call_id: string;
  tool: string;
  input: string | null;
  reason: string;
  created_at: string;
  decision: string | null;
  decided_at: string | null;
  connections: string | null;
  expires_at: string | null;
  expired: number;
}

interface GrantRow {
  agent_id: string;
  tool: string;
  scope: string;
  run_id: string | null;
  expires_at: string | null;
  created_at: string;
}

const StoredApprovalSchema = ApprovalRequest.extend({
  decision: z.enum(["approve", "deny"]).nullable(),
  decidedAt: Timestamp.nullable(),
  expired: z.boolean().optional(),
});

/** What the user decided and what follows from it: plans, tool-call approvals and standing grants. */
export function createDecisionRecords(db: Database.Database): DecisionMethods {
  // Upserts keep the row's position (INSERT OR REPLACE would delete and re-insert it), so "newest" stays put.
  const upsertPlan = db.prepare(
    `INSERT INTO plans (id, run_id, status, steps, edited, created_at, created_ms, decided_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, status = excluded.status, steps = excluded.steps,
       edited = excluded.edited, created_at = excluded.created_at, created_ms = excluded.created_ms,
       decided_at = excluded.decided_at`,
  );
  const selectNewestPlan = db.prepare(
    "SELECT * FROM plans WHERE run_id = ? ORDER BY created_ms DESC, position DESC LIMIT 1",
  );
  const upsertApproval = db.prepare(
    `INSERT INTO approvals (id, run_id, tool_call_id, tool, input, reason, created_at, created_ms, decision,
       decided_at, connections, expires_at, expired)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (id) DO UPDATE SET run_id = excluded.run_id, tool_call_id = excluded.tool_call_id,
       tool = excluded.tool, input = excluded.input, reason = excluded.reason, created_at = excluded.created_at,
       created_ms = excluded.created_ms, decision = excluded.decision, decided_at = excluded.decided_at,
       connections = excluded.connections, expires_at = excluded.expires_at, expired = excluded.expired`,
  );
  const selectApproval = db.prepare("SELECT * FROM approvals WHERE id = ?");
  const upsertGrant = db.prepare(
    `INSERT INTO grants (agent_id, run_key, tool, scope, run_id, expires_at, expires_ms, created_at, created_ms)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (agent_id, run_key, tool, scope) DO UPDATE SET expires_at = excluded.expires_at,
       expires_ms = excluded.expires_ms, created_at = excluded.created_at, created_ms = excluded.created_ms`,
  );
  const removeGrant = db.prepare(
    "DELETE FROM grants WHERE agent_id = ? AND run_key = ? AND tool = ? AND scope = ?",
  );

  return {
    async savePlan(plan) {
      upsertPlan.run(
        plan.id,
        plan.runId,
        plan.status,
        writeJson(plan.steps, `steps of plan ${plan.id}`),
        plan.edited ? 1 : 0,
        plan.createdAt,
        epochMs(plan.createdAt),
        plan.decidedAt,
      );
    },

    async getPlan(runId) {
      const row = selectNewestPlan.get(runId) as PlanRow | undefined;
      return row === undefined ? undefined : toPlan(row);
    },

    async saveApproval(approval) {
      upsertApproval.run(
        approval.id,
        approval.runId,
        approval.toolCallId,
        approval.tool,
        approval.input === undefined ? null : writeJson(approval.input, `input of approval ${approval.id}`),
        approval.reason,
        approval.createdAt,
        epochMs(approval.createdAt),
        approval.decision,
        approval.decidedAt,
        approval.connections === undefined
          ? null
          : writeJson(approval.connections, `connections of approval ${approval.id}`),
        approval.expiresAt ?? null,
        approval.expired === true ? 1 : 0,
      );
    },

    async getApproval(id) {
      const row = selectApproval.get(id) as ApprovalRow | undefined;
      return row === undefined ? undefined : toApproval(row);
    },

    async listApprovals(options) {
      const conditions: string[] = [];
      const parameters: string[] = [];
      if (options.runId !== undefined) {
        conditions.push("run_id = ?");
        parameters.push(options.runId);
      }
      if (options.pendingOnly) conditions.push("decision IS NULL");
      const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
      const rows = db
        .prepare(`SELECT * FROM approvals ${where} ORDER BY created_ms, position`)
        .all(...parameters) as ApprovalRow[];
      return rows.map(toApproval);
    },

    async saveGrant(grant) {
      upsertGrant.run(
        grant.agentId,
        grant.runId ?? "",
        grant.tool,
        grant.scope,
        grant.runId,
        grant.expiresAt,
        grant.expiresAt === null ? null : epochMs(grant.expiresAt),
        grant.createdAt,
        epochMs(grant.createdAt),
      );
    },

    async listGrants(options) {
      // The agent's own grants always apply; a run's grants only to that run.
      const runCondition = options.runId === undefined ? "run_id IS NULL" : "(run_id IS NULL OR run_id = ?)";
      const parameters = options.runId === undefined ? [] : [options.runId];
      const rows = db
        .prepare(
          `SELECT * FROM grants
           WHERE agent_id = ? AND ${runCondition} AND (expires_ms IS NULL OR expires_ms > ?)
           ORDER BY created_ms, tool, scope`,
        )
        .all(options.agentId, ...parameters, epochMs(options.now)) as GrantRow[];
      return rows.map(toGrant);
    },

    async deleteGrant(grant) {
      removeGrant.run(grant.agentId, grant.runId ?? "", grant.tool, grant.scope);
    },
  };
}

function toPlan(row: PlanRow): Plan {
  const what = `plan ${row.id}`;
  return parseStored(
    Plan,
    {
      id: row.id,
      runId: row.run_id,
      status: row.status,
      steps: readJson(row.steps, what),
      edited: row.edited === 1,
      createdAt: row.created_at,
      decidedAt: row.decided_at,
    },
    what,
  );
}

function toApproval(row: ApprovalRow): StoredApproval {
  const what = `approval ${row.id}`;
  return parseStored(
    StoredApprovalSchema,
    {
      id: row.id,
      runId: row.run_id,
      toolCallId: row.tool_call_id,
      tool: row.tool,
      input: readJson(row.input, what),
      reason: row.reason,
      createdAt: row.created_at,
      decision: row.decision,
      decidedAt: row.decided_at,
      ...(row.connections === null ? {} : { connections: readJson(row.connections, what) }),
      ...(row.expires_at === null ? {} : { expiresAt: row.expires_at }),
      ...(row.expired === 1 ? { expired: true } : {}),
    },
    what,
  );
}

function toGrant(row: GrantRow): ApprovalGrant {
  return parseStored(
    ApprovalGrant,
    {
      tool: row.tool,
      scope: row.scope,
      agentId: row.agent_id,
      runId: row.run_id,
      expiresAt: row.expires_at,
      createdAt: row.created_at,
    },
    `grant of ${row.tool} to ${row.agent_id}`,
  );
}
