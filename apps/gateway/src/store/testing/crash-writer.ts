import { writeSync } from "node:fs";
import { openGatewayStore } from "../gateway-store.ts";
import type { StoreDurability } from "../sqlite-file.ts";
import { sampleConversation, sampleMessage, sampleRun, sampleTime } from "./sample-records.ts";

/*
 * The writer half of the crash test: appends messages, run events and state rows as fast as it can and prints
 * one acknowledgement line after each write has resolved, until its parent kills it with SIGKILL.
 * Usage: node --import tsx crash-writer.ts <database path> <normal|full>
 */

const [path, durability] = process.argv.slice(2) as [string, StoreDurability];
const store = openGatewayStore({ path, durability });

/**
 * A line is out of the process (in the pipe) before the next write starts. Written to fd 1 directly, not through
 * process.stdout: whether that stream writes a pipe synchronously is Node's policy, and a line it still buffered
 * when SIGKILL came would be a write the test counts as stored but unacknowledged (seen on Node 24 under load).
 * A full pipe answers EAGAIN when the fd is non-blocking: wait a millisecond and write the rest.
 */
const pause = new Int32Array(new SharedArrayBuffer(4));
function acknowledge(line: string): void {
  let bytes = Buffer.from(`${line}\n`);
  while (bytes.length > 0) {
    try {
      bytes = bytes.subarray(writeSync(1, bytes));
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== "EAGAIN") throw error;
      Atomics.wait(pause, 0, 0, 1);
    }
  }
}

// Bodies of a few KiB so the write-ahead log passes its checkpoint size while the writer runs.
const filler = "lorem ipsum dolor sit amet ".repeat(150);

const conversation = sampleConversation();
await store.runs.createConversation(conversation);
const run = sampleRun(conversation, { state: "running" });
await store.runs.createRun(run);
acknowledge(`ready ${conversation.id} ${run.id}`);

for (let index = 0; ; index++) {
  const message = sampleMessage(conversation.id, {
    runId: run.id,
    role: index % 2 === 0 ? "user" : "assistant",
    parts: [{ type: "text", text: `${index}: ${filler}` }],
  });
  await store.runs.appendMessage(message);
  acknowledge(`message ${message.id}`);
  const event = await store.runs.appendEvent(run.id, sampleTime(index), { type: "message", message });
  acknowledge(`event ${event.seq}`);
  store.state.set("writer.counter", index);
  acknowledge(`state ${index}`);
}
