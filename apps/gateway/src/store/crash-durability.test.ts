import { type ChildProcess, spawn } from "node:child_process";
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import Database from "libsql";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { z } from "zod";
import { openGatewayStore } from "./gateway-store.ts";
import type { StoreDurability } from "./sqlite-file.ts";
import { makeTempStoreLocation, type TempStoreLocation } from "./testing/temp-directory.ts";

const writerFile = fileURLToPath(new URL("./testing/crash-writer.ts", import.meta.url));

/**
 * When to kill the writer. With "normal" the log is fsynced only at checkpoints, so the kill comes after the
 * writer has passed at least one: the main file has grown, which it does only when a checkpoint copies the
 * log into it. With "full" every commit is fsynced (milliseconds each on a busy disk), so a few suffice.
 */
const CHECKPOINTED_FILE_BYTES = 1024 * 1024;
const FULL_DURABILITY_MESSAGES = 10;

let location: TempStoreLocation;
let child: ChildProcess | undefined;

beforeEach(async () => {
  location = await makeTempStoreLocation();
});

afterEach(async () => {
  // A writer left running (a failed or timed-out test) is killed and waited for before its files go.
  const running = child;
  child = undefined;
  if (running && running.exitCode === null && running.signalCode === null) {
    const exited = new Promise((resolve) => running.once("exit", resolve));
    running.kill("SIGKILL");
    await exited;
  }
  await location.remove();
});

interface WriterRun {
  lines: string[];
  signal: NodeJS.Signals | null;
}

/** Runs the writer and SIGKILLs it in the middle of its stream; returns every complete line it printed. */
function runWriterUntilKilled(durability: StoreDurability): Promise<WriterRun> {
  return new Promise((resolve, reject) => {
    const writer = spawn(process.execPath, ["--import", "tsx", writerFile, location.path, durability], {
      env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    child = writer;
    const lines: string[] = [];
    let partialLine = "";
    let stderr = "";
    let messages = 0;
    writer.stdout.on("data", (chunk: Buffer) => {
      const complete = (partialLine + chunk.toString()).split("\n");
      // A line cut off by the kill was not acknowledged: it stays partial and is never counted.
      partialLine = complete.pop() ?? "";
      lines.push(...complete);
      messages += complete.filter((line) => line.startsWith("message ")).length;
      const done =
        durability === "full"
          ? messages >= FULL_DURABILITY_MESSAGES
          : messages > 0 && statSync(location.path).size >= CHECKPOINTED_FILE_BYTES;
      if (done && writer.signalCode === null) writer.kill("SIGKILL");
    });
    writer.stderr.on("data", (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    writer.once("error", reject);
    // "close" comes after the process exited and its pipes are drained: nothing it printed is missed.
    writer.once("close", (_code, signal) => {
      if (signal !== "SIGKILL") return reject(new Error(`the writer stopped on its own:\n${stderr}`));
      resolve({ lines, signal });
    });
  });
}

/** What SQLite's own checks find wrong with the file: nothing, for a healthy one. */
function integrityProblems(path: string): unknown[] {
  const db = new Database(path);
  try {
    const integrity = db
      .prepare("PRAGMA integrity_check")
      .all()
      .map((row) => (row as { integrity_check: string }).integrity_check)
      .filter((result) => result !== "ok");
    return [...integrity, ...db.prepare("PRAGMA foreign_key_check").all()];
  } finally {
    db.close();
  }
}

/** Messages without their search entry and entries without their message; FTS5's own check throws on damage. */
function searchIndexProblems(path: string): { unindexedMessages: number; orphanEntries: number } {
  const db = new Database(path);
  try {
    db.prepare("INSERT INTO conversation_search (conversation_search) VALUES ('integrity-check')").run();
    const count = (sql: string) => (db.prepare(sql).get() as { n: number }).n;
    return {
      unindexedMessages: count(
        "SELECT count(*) AS n FROM messages WHERE position NOT IN (SELECT rowid FROM conversation_search)",
      ),
      orphanEntries: count(
        "SELECT count(*) AS n FROM conversation_search WHERE rowid > 0 AND rowid NOT IN (SELECT position FROM messages)",
      ),
    };
  } finally {
    db.close();
  }
}

describe("crash durability", () => {
  it.each(["normal", "full"] as const)(
    "keeps every acknowledged write after kill -9 mid-stream (durability %s)",
    async (durability) => {
      const { lines, signal } = await runWriterUntilKilled(durability);
      expect(signal).toBe("SIGKILL");
      const [ready, ...acknowledged] = lines;
      const [, conversationId = "", runId = ""] = ready?.split(" ") ?? [];
      const ackedMessages = acknowledged
        .filter((line) => line.startsWith("message "))
        .map((line) => line.slice(8));
      const ackedSeqs = acknowledged
        .filter((line) => line.startsWith("event "))
        .map((line) => Number(line.slice(6)));
      const ackedStates = acknowledged
        .filter((line) => line.startsWith("state "))
        .map((line) => Number(line.slice(6)));
      expect(ackedMessages.length).toBeGreaterThanOrEqual(
        durability === "full" ? FULL_DURABILITY_MESSAGES : 1,
      );
      if (durability === "normal")
        expect(statSync(location.path).size).toBeGreaterThanOrEqual(CHECKPOINTED_FILE_BYTES);

      expect(ready).toMatch(/^ready conv_\S+ run_\S+$/);
      expect(integrityProblems(location.path)).toEqual([]);

      const store = openGatewayStore({ path: location.path });
      try {
        const storedMessages = (await store.runs.listMessages(conversationId)).map((message) => message.id);
        // Every acknowledged message, in order; at most the one in flight when the kill came beyond them.
        expect(storedMessages.slice(0, ackedMessages.length)).toEqual(ackedMessages);
        expect(storedMessages.length - ackedMessages.length).toBeLessThanOrEqual(1);

        const storedSeqs = (await store.runs.listEvents(runId)).map((event) => event.seq);
        const lastAckedSeq = ackedSeqs.at(-1) ?? 0;
        expect(storedSeqs.slice(0, lastAckedSeq)).toEqual(
          Array.from({ length: lastAckedSeq }, (_, i) => i + 1),
        );
        expect(storedSeqs.length - lastAckedSeq).toBeLessThanOrEqual(1);

        // The search index is written by triggers in each message's transaction: never apart from the messages.
        expect(searchIndexProblems(location.path)).toEqual({ unindexedMessages: 0, orphanEntries: 0 });
        expect(await store.runs.searchConversations("lorem", 5)).toHaveLength(1);

        const counter = store.state.get("writer.counter", z.number());
        expect(counter).toBeGreaterThanOrEqual(ackedStates.at(-1) ?? 0);
      } finally {
        store.close();
      }
    },
    60_000,
  );
});
