import { ConnectionList, ConnectionLog } from "@multiclaw/protocol";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliTestGateway, startCliTestGateway } from "../testing/cli-harness.ts";

let gateway: CliTestGateway;
beforeEach(async () => {
  gateway = await startCliTestGateway();
});
afterEach(async () => {
  await gateway.close();
});

async function rowsNow() {
  const result = await gateway.run(["connections", "--json"]);
  expect(result.code).toBe(0);
  return ConnectionList.parse(JSON.parse(result.stdout)).rows;
}

const lineOf = (text: string, rowId: string) =>
  text.split("\n").find((line) => line.startsWith(`│ ${rowId} `)) ?? "";

describe("multiclaw connections", () => {
  it("prints the inventory as a table: row, host, state, last use and bytes", async () => {
    const result = await gateway.run(["connections"]);
    expect(result).toMatchObject({ code: 0, stderr: "" });
    expect(result.stdout).toMatch(/ROW.*HOST.*STATE.*LAST USED.*IN.*OUT/);
    expect(lineOf(result.stdout, "cloud-api")).toMatch(/127\.0\.0\.1:4800.*idle.*just now.*1\.2 KB.*300 B/);
    expect(lineOf(result.stdout, "mcp:files")).toMatch(/not configured.*never/);
    expect(result.stdout).toContain("llm-openai: no key configured for openai");
  });

  it("prints the rows as JSON for scripts", async () => {
    const rows = await rowsNow();
    expect(rows.map((row) => row.id)).toEqual(
      expect.arrayContaining(["cloud-api", "llm-anthropic", "mcp:files"]),
    );
    expect(rows.find((row) => row.id === "cloud-api")).toMatchObject({
      connections: 1,
      bytesIn: 1200,
      bytesOut: 300,
    });
  });

  it("blocks and unblocks a row, and the row's state follows", async () => {
    const blocked = await gateway.run(["connections", "block", "llm-anthropic"]);
    expect(blocked.code).toBe(0);
    expect(blocked.stdout).toContain("Blocked llm-anthropic (");
    expect(blocked.stdout).toContain("While it is blocked:");
    expect(blocked.stderr).toContain("multiclaw connections unblock llm-anthropic");
    expect((await rowsNow()).find((row) => row.id === "llm-anthropic")).toMatchObject({
      state: "blocked",
      blockedByUser: true,
    });
    const table = await gateway.run(["connections"]);
    expect(lineOf(table.stdout, "llm-anthropic")).toContain("blocked");

    const unblocked = await gateway.run(["connections", "unblock", "llm-anthropic"]);
    expect(unblocked).toMatchObject({ code: 0, stderr: "" });
    expect(unblocked.stdout).toBe("Unblocked llm-anthropic (Anthropic API); it is now idle.\n");
    expect((await rowsNow()).find((row) => row.id === "llm-anthropic")).toMatchObject({
      state: "idle",
      blockedByUser: false,
    });
  });

  it("refuses a malformed row id with VALIDATION_FAILED and an unknown one with NOT_FOUND", async () => {
    const malformed = await gateway.run(["connections", "block", "Not A Row"]);
    expect(malformed.code).toBe(1);
    expect(malformed.stderr).toBe(
      "VALIDATION_FAILED: blockConnection: params.rowId: must be an inventory row id\n",
    );
    const unknown = await gateway.run(["connections", "unblock", "no-such-row"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toMatch(/^NOT_FOUND: /);
    expect((await rowsNow()).some((row) => row.blockedByUser)).toBe(false);
  });

  it("prints the ledger, as a table or JSON, newest last, limited", async () => {
    const table = await gateway.run(["connections", "log"]);
    expect(table.code).toBe(0);
    expect(table.stdout).toMatch(/^STARTED\s+ROW\s+HOST\s+CAUSE\s+DURATION\s+IN\s+OUT\s+NOTE$/m);
    expect(table.stdout).toMatch(/cloud-api\s+127\.0\.0\.1:4800\s+config-sync\s+\d+ ms\s+1\.2 KB\s+300 B/);
    expect(table.stdout).toMatch(
      /llm-openai\s+api\.openai\.com:443\s+run run_\w+\s+refused\s+-\s+-\s+no key configured for openai/,
    );

    const json = await gateway.run(["connections", "log", "--json", "--limit", "1"]);
    const { entries } = ConnectionLog.parse(JSON.parse(json.stdout));
    expect(entries.map((entry) => entry.rowId)).toEqual(["llm-openai"]);

    const bad = await gateway.run(["connections", "log", "--limit", "0"]);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toMatch(/^VALIDATION_FAILED: connectionLog: query\.limit: /);
  });

  it("--watch redraws the table until interrupted, showing changes as they happen", async () => {
    const stop = new AbortController();
    const watching = gateway.start(["connections", "--watch", "--interval", "0.02"], { signal: stop.signal });
    await watching.waitForStdout(/updated .* Ctrl-C stops/);
    await gateway.fake.deps.connections.setBlocked("llm-gemini", true);
    await watching.waitForStdout(/│ llm-gemini\s+│[^\n]*│ blocked/);
    stop.abort();
    const result = await watching.result;
    expect(result.code).toBe(0);
    // log-update erases the previous frame before drawing the next.
    expect(result.stdout).toContain("\u001b[2K");
    expect(result.stdout.match(/│ ROW /g)?.length).toBeGreaterThan(1);
  });

  it("--watch --json prints one document per line", async () => {
    const stop = new AbortController();
    const watching = gateway.start(["connections", "--watch", "--json", "--interval", "0.02"], {
      signal: stop.signal,
    });
    await watching.waitForStdout(/\n.*\n/);
    stop.abort();
    const lines = (await watching.result).stdout.trim().split("\n");
    expect(lines.length).toBeGreaterThanOrEqual(2);
    for (const line of lines) expect(ConnectionList.parse(JSON.parse(line)).rows.length).toBeGreaterThan(0);
  });
});
