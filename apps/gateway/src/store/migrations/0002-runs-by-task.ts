import type { StoreMigration } from "../migrate.ts";

/*
 * Finding a task's run without scanning every run: assignments look it up on every task event and report.
 * Partial, because most runs are chats without a task.
 */
export const runsByTask: StoreMigration = {
  version: 2,
  name: "runs by task",
  sql: `
    CREATE INDEX runs_by_task ON runs (task_id, created_ms, position) WHERE task_id IS NOT NULL;
  `,
};
