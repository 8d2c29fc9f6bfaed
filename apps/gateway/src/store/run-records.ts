import type { RunStore } from "@multiclaw/agent";
import { Run, RunEvent } from "@multiclaw/protocol";
import type Database from "libsql";
import { GatewayStoreError } from "./store-error.ts";
import { epochMs, parseStored, readJson, writeJson } from "./stored-value.ts";

type RunMethods = Pick<
  RunStore,
  "createRun" | "updateRun" | "getRun" | "listRuns" | "appendEvent" | "listEvents"
>;

interface RunRow {
  id: string;
  conversation_id: string;
  agent_id: string;
  mode: string;
  task_id: string | null;
  parent_run_id: string | null;
  state: string;
  usage: string;
  error: string | null;
  created_at: string;
  updated_at: string;
}

interface RunEventRow {
  run_id: string;
  seq: number;
  at: string;
  body: string;
}

/** Runs and their numbered event log. */
export function createRunRecords(db: Database.Database): RunMethods {
  const insertRun = db.prepare(
    `INSERT INTO runs (id, conversation_id, agent_id, mode, task_id, parent_run_id, state, usage, error,
       created_at, created_ms, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  // A field left out of the update keeps its value; `error: null` clears the error, hence the flag.
  const updateRun = db.prepare(
    `UPDATE runs SET
       state = coalesce(@state, state),
       usage = coalesce(@usage, usage),
       error = CASE WHEN @setError = 1 THEN @error ELSE error END,
       updated_at = @updatedAt
     WHERE id = @id`,
  );
  const selectRun = db.prepare("SELECT * FROM runs WHERE id = ?");
  const selectEvents = db.prepare("SELECT * FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq");
  // One statement: SQLite runs it under the write lock from reading max(seq) to the insert (even against
  // another process), without the BEGIN/COMMIT round trips of an explicit transaction on every event.
  const insertNextEvent = db.prepare(
    `INSERT INTO run_events (run_id, seq, at, body)
     SELECT @runId, coalesce(max(seq), 0) + 1, @at, @body FROM run_events WHERE run_id = @runId
     RETURNING seq`,
  );
  const appendEvent = (runId: string, at: string, body: string): number =>
    (insertNextEvent.get({ runId, at, body }) as { seq: number }).seq;

  return {
    async createRun(run) {
      insertRun.run(
        run.id,
        run.conversationId,
        run.agentId,
        run.mode,
        run.taskId,
        run.parentRunId,
        run.state,
        writeJson(run.usage, `usage of run ${run.id}`),
        run.error === null ? null : writeJson(run.error, `error of run ${run.id}`),
        run.createdAt,
        epochMs(run.createdAt),
        run.updatedAt,
      );
    },

    async updateRun(id, update) {
      const { changes } = updateRun.run({
        id,
        state: update.state ?? null,
        usage: update.usage === undefined ? null : writeJson(update.usage, `usage of run ${id}`),
        setError: update.error === undefined ? 0 : 1,
        error: update.error == null ? null : writeJson(update.error, `error of run ${id}`),
        updatedAt: update.updatedAt,
      });
      if (changes === 0) throw new GatewayStoreError("NOT_FOUND", `No run ${id}`);
    },

    async getRun(id) {
      const row = selectRun.get(id) as RunRow | undefined;
      return row === undefined ? undefined : toRun(row);
    },

    async listRuns(options = {}) {
      const conditions: string[] = [];
      const parameters: (string | number)[] = [];
      if (options.conversationId !== undefined) {
        conditions.push("conversation_id = ?");
        parameters.push(options.conversationId);
      }
      if (options.states !== undefined) {
        if (options.states.length === 0) return [];
        conditions.push(`state IN (${options.states.map(() => "?").join(", ")})`);
        parameters.push(...options.states);
      }
      if (options.taskId !== undefined) {
        conditions.push("task_id = ?");
        parameters.push(options.taskId);
      }
      if (options.tasks === true) conditions.push("task_id IS NOT NULL");
      if (options.topLevel === true) conditions.push("parent_run_id IS NULL");
      const where = conditions.length === 0 ? "" : `WHERE ${conditions.join(" AND ")}`;
      const rows = db
        .prepare(`SELECT * FROM runs ${where} ORDER BY created_ms DESC, position DESC LIMIT ?`)
        .all(...parameters, options.limit ?? -1) as RunRow[];
      return rows.map(toRun);
    },

    async appendEvent(runId, at, event) {
      const seq = appendEvent(runId, at, writeJson(event, `event of run ${runId}`));
      return { runId, seq, at, event };
    },

    async listEvents(runId, afterSeq = 0) {
      return (selectEvents.all(runId, afterSeq) as RunEventRow[]).map(toRunEvent);
    },
  };
}

function toRun(row: RunRow): Run {
  const what = `run ${row.id}`;
  return parseStored(
    Run,
    {
      id: row.id,
      conversationId: row.conversation_id,
      agentId: row.agent_id,
      mode: row.mode,
      taskId: row.task_id,
      parentRunId: row.parent_run_id,
      state: row.state,
      usage: readJson(row.usage, what),
      error: row.error === null ? null : readJson(row.error, what),
      createdAt: row.created_at,
      updatedAt: row.updated_at,
    },
    what,
  );
}

function toRunEvent(row: RunEventRow): RunEvent {
  const what = `event ${row.seq} of run ${row.run_id}`;
  return parseStored(
    RunEvent,
    { runId: row.run_id, seq: row.seq, at: row.at, event: readJson(row.body, what) },
    what,
  );
}
