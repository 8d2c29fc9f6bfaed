import type { NewRunEvent, RunStore, RunUpdate } from "@multiclaw/agent";
import { Run, RunEvent, type RunEventBody } from "@multiclaw/protocol";
import type Database from "libsql";
import type { ConversationWrites } from "./conversation-records.ts";
import { GatewayStoreError } from "./store-error.ts";
import { epochMs, parseStored, readJson, writeJson } from "./stored-value.ts";

type RunMethods = Pick<
  RunStore,
  "createRun" | "updateRun" | "getRun" | "listRuns" | "appendEvent" | "appendEvents" | "listEvents"
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

/** The writes of runs and their events, synchronous so that one transaction can hold several. */
export interface RunWrites {
  insertRun(run: Run): void;
  /** Throws NOT_FOUND for a run that does not exist. */
  updateRun(id: string, update: RunUpdate): void;
  /** Stores the event under the run's next `seq`, and returns it. */
  insertEvent(runId: string, at: string, event: RunEventBody): number;
  /**
   * Stores events under the run's next `seq`s in one statement, and returns the first. `firstOfRun`: the run
   * was created in this transaction, so its events start at 1 (run_events rows need their run).
   */
  insertEvents(
    runId: string,
    events: readonly Pick<NewRunEvent, "at" | "body">[],
    firstOfRun: boolean,
  ): number;
}

export function createRunWrites(db: Database.Database): RunWrites {
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
  // One statement: SQLite runs it under the write lock from reading max(seq) to the insert (even against
  // another process), without the BEGIN/COMMIT round trips of an explicit transaction on every event.
  const insertNextEvent = db.prepare(
    `INSERT INTO run_events (run_id, seq, at, body)
     SELECT @runId, coalesce(max(seq), 0) + 1, @at, @body FROM run_events WHERE run_id = @runId
     RETURNING seq`,
  );

  const selectLastSeq = db.prepare("SELECT coalesce(max(seq), 0) AS seq FROM run_events WHERE run_id = ?");
  const insertRowsByCount = new Map<number, Database.Statement>();
  const insertRows = (count: number): Database.Statement => {
    let statement = insertRowsByCount.get(count);
    if (statement === undefined) {
      const values = Array.from({ length: count }, () => "(?, ?, ?, ?)").join(", ");
      statement = db.prepare(`INSERT INTO run_events (run_id, seq, at, body) VALUES ${values}`);
      insertRowsByCount.set(count, statement);
    }
    return statement;
  };

  return {
    insertRun(run) {
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

    updateRun(id, update) {
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

    insertEvent(runId, at, event) {
      const body = writeJson(event, `event of run ${runId}`);
      return (insertNextEvent.get({ runId, at, body }) as { seq: number }).seq;
    },

    insertEvents(runId, events, firstOfRun) {
      const first = firstOfRun ? 1 : (selectLastSeq.get(runId) as { seq: number }).seq + 1;
      insertRows(events.length).run(
        events.flatMap(({ at, body }, index) => [
          runId,
          first + index,
          at,
          writeJson(body, `event of run ${runId}`),
        ]),
      );
      return first;
    },
  };
}

/**
 * Runs and their numbered event log. Events with the rows they change are stored in one IMMEDIATE transaction
 * (it takes the write lock at once, so it cannot deadlock with another connection).
 */
export function createRunRecords(
  db: Database.Database,
  writes: RunWrites,
  conversationWrites: ConversationWrites,
): RunMethods {
  const selectRun = db.prepare("SELECT * FROM runs WHERE id = ?");
  const selectEvents = db.prepare("SELECT * FROM run_events WHERE run_id = ? AND seq > ? ORDER BY seq");
  /** The rows of a group, before its events (which need their run); the run's updates merged into one. */
  const applyRows = (runId: string, events: readonly NewRunEvent[]): { runCreated: boolean } => {
    let runCreated = false;
    let runUpdate: RunUpdate | undefined;
    for (const { rows } of events) {
      if (rows === undefined) continue;
      if (rows.conversation !== undefined) conversationWrites.insertConversation(rows.conversation);
      if (rows.run !== undefined) {
        if (rows.run.id !== runId) {
          throw new GatewayStoreError("INTERNAL", `Run ${rows.run.id} is not the event's run ${runId}`);
        }
        writes.insertRun(rows.run);
        runCreated = true;
      }
      if (rows.runUpdate !== undefined) runUpdate = { ...runUpdate, ...rows.runUpdate };
      if (rows.message !== undefined) conversationWrites.insertMessage(rows.message);
      const touched = rows.conversationTouched;
      if (touched !== undefined) conversationWrites.touchConversation(touched.id, touched.updatedAt);
    }
    if (runUpdate !== undefined) writes.updateRun(runId, runUpdate);
    return { runCreated };
  };
  const insertEvents = db.transaction((runId: string, events: readonly NewRunEvent[]): RunEvent[] => {
    const { runCreated } = applyRows(runId, events);
    const first = writes.insertEvents(runId, events, runCreated);
    return events.map(({ at, body }, index) => ({ runId, seq: first + index, at, event: body }));
  }).immediate;
  const appendEvents = (runId: string, events: readonly NewRunEvent[]): RunEvent[] => {
    const [only] = events;
    // One event without rows is one statement, atomic by itself: no BEGIN/COMMIT round trips.
    if (events.length === 1 && only !== undefined && only.rows === undefined) {
      return [{ runId, seq: writes.insertEvent(runId, only.at, only.body), at: only.at, event: only.body }];
    }
    return insertEvents(runId, events);
  };

  return {
    async createRun(run) {
      writes.insertRun(run);
    },

    async updateRun(id, update) {
      writes.updateRun(id, update);
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

    async appendEvent(runId, at, body, rows) {
      return appendEvents(runId, [rows === undefined ? { at, body } : { at, body, rows }])[0] as RunEvent;
    },

    async appendEvents(runId, events) {
      return appendEvents(runId, events);
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
