import { sql } from "kysely";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { openTestDatabase, type TestDatabase } from "../testing/test-database.ts";

describe("database migrations", () => {
  let test: TestDatabase;
  beforeAll(async () => {
    test = await openTestDatabase();
  });
  afterAll(() => test.close());

  it("creates every table the Cloud uses", async () => {
    const { rows } = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'public' order by table_name
    `.execute(test.db);
    expect(rows.map((row) => row.table_name)).toEqual(
      expect.arrayContaining([
        "users",
        "workspaces",
        "memberships",
        "events",
        "provider_keys",
        "tasks",
        "schema_migrations",
      ]),
    );
  });

  it("returns bigint counters as numbers on both drivers", async () => {
    const { rows } = await sql<{ n: number }>`select 9007199254740991::bigint as n`.execute(test.db);
    expect(rows[0]?.n).toBe(9007199254740991);
  });
});
