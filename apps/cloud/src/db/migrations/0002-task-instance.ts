import { type Kysely, sql } from "kysely";

/**
 * A task may name the instance that must run it. Null (every existing task) keeps today's meaning: any gateway
 * that runs the agent may take it. Deleting an instance row leaves its tasks to any gateway rather than
 * deleting them; revoking one (the usual way out) keeps the row, and the Cloud refuses new assignments to it.
 */
const statements = [
  `alter table tasks add column instance_id text references instances(id) on delete set null`,
];

export async function up(db: Kysely<unknown>): Promise<void> {
  for (const statement of statements) await sql.raw(statement).execute(db);
}
