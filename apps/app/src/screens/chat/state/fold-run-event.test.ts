import type { ConversationDetail, Message, Run, RunEvent, RunEventBody } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { foldRunEvent } from "./fold-run-event.ts";
import { seedTranscript } from "./seed-transcript.ts";
import {
  activeRunOf,
  lastUserTextOf,
  pendingPlanOf,
  readyForReplay,
  withRun,
  withStoredPlan,
} from "./transcript-selectors.ts";
import type { TranscriptState } from "./transcript-state.ts";

const at = "2026-12-07T06:00:00.000Z";
const conversation = { id: "conv_1", agentId: "agt_1", title: "Hello", createdAt: at, updatedAt: at };

function run(id: string, state: Run["state"] = "running"): Run {
  return {
    id,
    conversationId: "conv_1",
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

function message(id: string, role: Message["role"], parts: Message["parts"], runId = "run_1"): Message {
  return { id, conversationId: "conv_1", runId, role, parts, createdAt: at };
}

function fold(state: TranscriptState, runId: string, bodies: RunEventBody[]): TranscriptState {
  return bodies.reduce(
    (sofar, event, index) => foldRunEvent(sofar, { runId, seq: index + 1, at, event } satisfies RunEvent),
    state,
  );
}

function seeded(detail: Partial<ConversationDetail> = {}): TranscriptState {
  return seedTranscript({ conversation, messages: [], runs: [], ...detail });
}

const userHello = message("msg_u", "user", [{ type: "text", text: "Hello" }]);

describe("the transcript of a conversation", () => {
  it("streams a reply token by token into one row, then keeps the stored message in its place", () => {
    const start = withRun(seeded({ messages: [userHello] }), run("run_1"));
    const streamed = fold(start, "run_1", [
      { type: "text-delta", messageId: "msg_a", delta: "Hi " },
      { type: "text-delta", messageId: "msg_a", delta: "there" },
    ]);
    expect(streamed.rows.map((row) => row.key)).toEqual(["m:msg_u", "m:msg_a"]);
    expect(streamed.streaming.get("msg_a")?.text).toBe("Hi there");

    const stored = fold(streamed, "run_1", [
      { type: "message", message: message("msg_a", "assistant", [{ type: "text", text: "Hi there" }]) },
    ]);
    expect(stored.rows.map((row) => row.key)).toEqual(["m:msg_u", "m:msg_a"]);
    expect(stored.streaming.has("msg_a")).toBe(false);
    expect(stored.messages.get("msg_a")?.parts).toEqual([{ type: "text", text: "Hi there" }]);
  });

  it("keeps the row list and finished messages identical while a token streams", () => {
    const start = fold(withRun(seeded({ messages: [userHello] }), run("run_1")), "run_1", [
      { type: "text-delta", messageId: "msg_a", delta: "Hi" },
    ]);
    const next = fold(start, "run_1", [{ type: "text-delta", messageId: "msg_a", delta: "!" }]);
    expect(next.rows).toBe(start.rows);
    expect(next.messages).toBe(start.messages);
  });

  it("shows a replayed run once: stored messages ignore their old deltas and are not added twice", () => {
    const reply = message("msg_a", "assistant", [{ type: "text", text: "Hi" }]);
    const start = readyForReplay(seeded({ messages: [userHello, reply], runs: [run("run_1")] }), "run_1");
    const replayed = fold(start, "run_1", [
      { type: "run-state", state: "running", error: null },
      { type: "message", message: userHello },
      { type: "text-delta", messageId: "msg_a", delta: "Hi" },
      { type: "message", message: reply },
      { type: "text-delta", messageId: "msg_b", delta: "And more" },
    ]);
    expect(replayed.rows.map((row) => row.key)).toEqual(["m:msg_u", "m:msg_a", "m:msg_b"]);
    expect(replayed.streaming.get("msg_b")?.text).toBe("And more");
  });

  it("follows a tool call from the model's message through approval to its result", () => {
    const start = withRun(seeded({ messages: [userHello] }), run("run_1"));
    const call = message("msg_a", "assistant", [
      { type: "tool-call", toolCallId: "call_1", tool: "shell", input: { command: "ls" } },
    ]);
    const approval = {
      id: "apr_1",
      runId: "run_1",
      toolCallId: "call_1",
      tool: "shell",
      input: { command: "ls" },
      reason: "always" as const,
      createdAt: at,
    };
    const waiting = fold(start, "run_1", [
      { type: "message", message: call },
      { type: "tool-call", toolCallId: "call_1", tool: "shell", input: { command: "ls" } },
      { type: "approval-requested", approval },
      { type: "run-state", state: "awaiting-tool-approval", error: null },
    ]);
    expect(waiting.toolCalls.get("call_1")?.approval?.id).toBe("apr_1");
    // The call is drawn in its message's card, so it gets no row of its own.
    expect(waiting.rows.map((row) => row.kind)).toEqual(["message", "message"]);

    const done = fold(waiting, "run_1", [
      { type: "approval-decided", approvalId: "apr_1", decision: "approve", scope: "tool-for-agent" },
      {
        type: "tool-result",
        toolCallId: "call_1",
        tool: "shell",
        ok: true,
        output: "README.md",
        error: null,
      },
    ]);
    const record = done.toolCalls.get("call_1");
    expect(record?.approvalDecision).toEqual({ decision: "approve", scope: "tool-for-agent" });
    expect(record?.result).toEqual({ ok: true, output: "README.md", error: null });
    expect(record?.startedAt).toBe(at);
  });

  it("gives a subagent's paused call a row of its own, since no message here shows it", () => {
    const start = withRun(seeded({ messages: [userHello] }), run("run_1"));
    const next = fold(start, "run_child", [
      {
        type: "approval-requested",
        approval: {
          id: "apr_2",
          runId: "run_child",
          toolCallId: "call_9",
          tool: "fetch",
          input: { url: "https://example.com" },
          reason: "policy",
          createdAt: at,
        },
      },
    ]);
    expect(next.rows.at(-1)).toEqual({ kind: "approval", key: "a:call_9", toolCallId: "call_9" });
  });

  it("shows a proposed plan once, updated in place when decided, and offers it for approval", () => {
    const plan = {
      id: "plan_1",
      runId: "run_1",
      status: "proposed" as const,
      steps: [{ number: 1, title: "Read", detail: "", delegateTo: null }],
      edited: false,
      createdAt: at,
      decidedAt: null,
    };
    const start = withRun(seeded({ messages: [userHello] }), { ...run("run_1"), mode: "task" });
    const proposed = fold(start, "run_1", [
      { type: "plan-proposed", plan },
      { type: "run-state", state: "awaiting-plan-approval", error: null },
    ]);
    expect(pendingPlanOf(proposed)?.id).toBe("plan_1");
    const decided = fold(proposed, "run_1", [
      { type: "plan-decided", plan: { ...plan, status: "approved", decidedAt: at } },
      { type: "run-state", state: "running", error: null },
    ]);
    expect(decided.rows.filter((row) => row.kind === "plan")).toHaveLength(1);
    expect(pendingPlanOf(decided)).toBeNull();
    expect(decided.runs.get("run_1")?.plan?.status).toBe("approved");
  });

  it("counts each model call's tokens on the message it produced and the total on the run", () => {
    const start = withRun(seeded({ messages: [userHello] }), run("run_1"));
    const next = fold(start, "run_1", [
      { type: "message", message: message("msg_a", "assistant", [{ type: "text", text: "One" }]) },
      { type: "usage", usage: { inputTokens: 10, outputTokens: 5, totalTokens: 15 } },
      { type: "message", message: message("msg_b", "assistant", [{ type: "text", text: "Two" }]) },
      { type: "usage", usage: { inputTokens: 30, outputTokens: 8, totalTokens: 38 } },
    ]);
    expect(next.messageUsage.get("msg_a")).toEqual({ inputTokens: 10, outputTokens: 5, totalTokens: 15 });
    expect(next.messageUsage.get("msg_b")).toEqual({ inputTokens: 20, outputTokens: 3, totalTokens: 23 });
    expect(next.runs.get("run_1")?.run.usage.totalTokens).toBe(38);
  });

  it("ends a run with one end row and no run left active", () => {
    const start = withRun(seeded({ messages: [userHello] }), run("run_1"));
    expect(activeRunOf(start)?.run.id).toBe("run_1");
    const ended = fold(start, "run_1", [
      { type: "run-state", state: "failed", error: { code: "UNAVAILABLE", message: "down" } },
      { type: "run-state", state: "failed", error: { code: "UNAVAILABLE", message: "down" } },
    ]);
    expect(ended.rows.filter((row) => row.kind === "run-end")).toHaveLength(1);
    expect(activeRunOf(ended)).toBeNull();
    expect(lastUserTextOf(ended)).toBe("Hello");
  });

  it("seeds finished runs with an end row after their last message, and tool results into their calls", () => {
    const detail = {
      messages: [
        userHello,
        message("msg_a", "assistant", [{ type: "tool-call", toolCallId: "c1", tool: "read", input: {} }]),
        message("msg_t", "tool", [
          { type: "tool-result", toolCallId: "c1", tool: "read", ok: false, output: "no", error: null },
        ]),
      ],
      runs: [run("run_1", "completed")],
    };
    const state = seeded(detail);
    expect(state.rows.map((row) => row.key)).toEqual(["m:msg_u", "m:msg_a", "e:run_1"]);
    expect(state.toolCalls.get("c1")?.result?.ok).toBe(false);
  });
});

describe("plans of finished runs", () => {
  it("are drawn after the message that started their run, once", () => {
    const reply = message("msg_a", "assistant", [{ type: "text", text: "Done" }]);
    const state = seeded({
      messages: [userHello, reply],
      runs: [{ ...run("run_1", "completed"), mode: "task" }],
    });
    const plan = {
      id: "plan_1",
      runId: "run_1",
      status: "approved" as const,
      steps: [{ number: 1, title: "Read", detail: "", delegateTo: null }],
      edited: false,
      createdAt: at,
      decidedAt: at,
    };
    const withPlan = withStoredPlan(state, plan);
    expect(withPlan.rows.map((row) => row.key)).toEqual(["m:msg_u", "p:run_1", "m:msg_a", "e:run_1"]);
    expect(withStoredPlan(withPlan, plan)).toBe(withPlan);
  });
});
