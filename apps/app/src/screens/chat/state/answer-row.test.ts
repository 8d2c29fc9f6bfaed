import type { ConversationDetail, Message, Run, RunEvent, RunEventBody } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { withAnswerRow } from "./answer-row.ts";
import { foldRunEvent } from "./fold-run-event.ts";
import { seedTranscript } from "./seed-transcript.ts";
import { withRun } from "./transcript-selectors.ts";
import type { TranscriptState } from "./transcript-state.ts";

const at = "2026-12-07T06:00:00.000Z";
const conversation = { id: "conv_1", agentId: "agt_1", title: "Hello", createdAt: at, updatedAt: at };

function run(id: string, state: Run["state"] = "running", conversationId = "conv_1"): Run {
  return {
    id,
    conversationId,
    agentId: "agt_1",
    mode: "chat",
    taskId: null,
    parentRunId: null,
    state,
    usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
    error: null,
    createdAt: at,
    updatedAt: at,
  };
}

function message(id: string, role: Message["role"], text: string): Message {
  return {
    id,
    conversationId: "conv_1",
    runId: "run_1",
    role,
    parts: [{ type: "text", text }],
    createdAt: at,
  };
}

function fold(state: TranscriptState, bodies: RunEventBody[]): TranscriptState {
  return bodies.reduce(
    (sofar, event, index) =>
      foldRunEvent(sofar, { runId: "run_1", seq: index + 1, at, event } satisfies RunEvent),
    state,
  );
}

function started(detail: Partial<ConversationDetail> = {}): TranscriptState {
  const seeded = seedTranscript({ conversation, messages: [], runs: [], ...detail });
  return withAnswerRow(withRun(seeded, run("run_1")), "run_1");
}

const keys = (state: TranscriptState) => state.rows.map((row) => row.key);

describe("a run's answer row", () => {
  it("is in place when the run starts, below what the person said", () => {
    const state = fold(started(), [{ type: "message", message: message("msg_u", "user", "Hello") }]);
    expect(keys(state)).toEqual(["m:msg_u", "s:run_1"]);
  });

  it("draws the first streamed words without changing the rows", () => {
    const before = fold(started(), [{ type: "message", message: message("msg_u", "user", "Hello") }]);
    const after = fold(before, [{ type: "text-delta", messageId: "msg_a", delta: "Hi" }]);
    expect(after.rows).toBe(before.rows);
    expect(after.runs.get("run_1")?.answerMessageId).toBe("msg_a");
    expect(after.streaming.get("msg_a")?.text).toBe("Hi");
  });

  it("keeps the stored answer in the same row, and gives a second message of the run a row of its own", () => {
    const state = fold(started(), [
      { type: "message", message: message("msg_u", "user", "Hello") },
      { type: "text-delta", messageId: "msg_a", delta: "Hi" },
      { type: "message", message: message("msg_a", "assistant", "Hi") },
      { type: "text-delta", messageId: "msg_b", delta: "More" },
    ]);
    expect(keys(state)).toEqual(["m:msg_u", "s:run_1", "m:msg_b"]);
    expect(state.messages.has("msg_a")).toBe(true);
    expect(state.streaming.has("msg_a")).toBe(false);
  });

  it("takes an answer stored without being streamed", () => {
    const state = fold(started(), [{ type: "message", message: message("msg_a", "assistant", "Done.") }]);
    expect(keys(state)).toEqual(["s:run_1"]);
    expect(state.runs.get("run_1")?.answerMessageId).toBe("msg_a");
  });

  it("goes when the run ends without an answer, before the note of how it ended", () => {
    const state = fold(started(), [{ type: "run-state", state: "failed", error: null }]);
    expect(keys(state)).toEqual(["e:run_1"]);
  });

  it("stays after the run ends once it holds the answer", () => {
    const state = fold(started(), [
      { type: "text-delta", messageId: "msg_a", delta: "Hi" },
      { type: "run-state", state: "completed", error: null },
    ]);
    expect(keys(state)).toEqual(["s:run_1", "e:run_1"]);
  });

  it("is added once, and not for a run that has ended or belongs to another conversation", () => {
    expect(keys(withAnswerRow(started(), "run_1"))).toEqual(["s:run_1"]);
    const seeded = seedTranscript({ conversation, messages: [], runs: [] });
    expect(keys(withAnswerRow(withRun(seeded, run("run_1", "completed")), "run_1"))).toEqual([]);
    expect(keys(withAnswerRow(withRun(seeded, run("run_1", "running", "conv_2")), "run_1"))).toEqual([]);
  });
});
