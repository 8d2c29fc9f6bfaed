import type { RunEventStreamStatus, RunEventSubscriptionOptions } from "@multiclaw/gateway-client";
import type { ConversationDetail, Run, RunEvent } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { type ConversationSessionDeps, createConversationSession } from "./conversation-session.ts";

const at = "2026-12-07T06:00:00.000Z";
const running: Run = {
  id: "run_1",
  conversationId: "conv_1",
  agentId: "agt_1",
  mode: "chat",
  taskId: null,
  parentRunId: null,
  state: "running",
  usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
  error: null,
  createdAt: at,
  updatedAt: at,
};
const detail: ConversationDetail = {
  conversation: { id: "conv_1", agentId: "agt_1", title: "Hello", createdAt: at, updatedAt: at },
  messages: [],
  runs: [running],
};

/** A session on a gateway that holds one running conversation, with frames and stream events by hand. */
async function openSession(nextTask: () => Promise<void> = async () => {}) {
  let frame: Array<() => void> = [];
  let stream: RunEventSubscriptionOptions | null = null;
  let seq = 0;
  const gateway: ConversationSessionDeps["gateway"] = {
    getConversation: async () => detail,
    getRun: async () => ({ run: running, plan: null }) as never,
    listRuns: async () => ({ runs: [] }) as never,
    subscribeRunEvents(options) {
      stream = options;
      return { add() {}, cursors: () => ({}), close() {}, stopped: new Promise(() => {}) };
    },
  };
  const session = createConversationSession({
    gateway,
    conversationId: "conv_1",
    scheduleFrame: (atFrame) => frame.push(atFrame),
    nextTask,
  });
  let draws = 0;
  session.subscribe(() => draws++);
  await new Promise((resolve) => setTimeout(resolve, 0));
  return {
    session,
    draws: () => draws,
    frame() {
      const due = frame;
      frame = [];
      for (const atFrame of due) atFrame();
    },
    /** Frames until nothing waits to be drawn (the conversation and its plans have been drawn). */
    settle() {
      while (frame.length > 0) this.frame();
    },
    token(delta: string) {
      const event: RunEvent = {
        runId: "run_1",
        seq: ++seq,
        at,
        event: { type: "text-delta", messageId: "msg_a", delta },
      };
      stream?.onEvent(event);
    },
    status(status: RunEventStreamStatus) {
      stream?.onStatus?.(status);
    },
    streamedText: () => session.getSnapshot().transcript.streaming.get("msg_a")?.text,
  };
}

describe("an open conversation's session", () => {
  it("draws the conversation it read at the next frame, not in the task that read it", async () => {
    const open = await openSession();
    expect(open.draws()).toBe(0);
    open.frame();
    expect(open.draws()).toBe(1);
    expect(open.session.getSnapshot().load.state).toBe("ready");
  });

  it("lays the conversation out in a task after the one that read it", async () => {
    let startNextTask = () => {};
    const nextTaskStarted = new Promise<void>((resolve) => {
      startNextTask = resolve;
    });
    const open = await openSession(() => nextTaskStarted);
    expect(open.session.getSnapshot().load.state).toBe("loading");
    startNextTask();
    await new Promise((resolve) => setTimeout(resolve, 0));
    open.frame();
    expect(open.session.getSnapshot().load.state).toBe("ready");
    expect(open.session.getSnapshot().transcript.rows.length).toBeGreaterThan(0);
  });

  it("draws a token that arrives alone at once, without waiting for a frame", async () => {
    const open = await openSession();
    open.settle();
    open.token("Hello");
    expect(open.streamedText()).toBe("Hello");
    open.frame();
    open.token(" there");
    expect(open.streamedText()).toBe("Hello there");
  });

  it("coalesces the tokens that follow within the same frame into one draw at the next frame", async () => {
    const open = await openSession();
    open.settle();
    const before = open.draws();
    open.token("a");
    open.token("b");
    open.token("c");
    expect(open.streamedText()).toBe("a");
    expect(open.draws()).toBe(before + 1);
    open.frame();
    expect(open.streamedText()).toBe("abc");
    expect(open.draws()).toBe(before + 2);
  });

  it("draws an answer's first words at once even in a frame that drew the run's news", async () => {
    const open = await openSession();
    open.settle();
    open.status("open");
    open.token("Hello");
    expect(open.streamedText()).toBe("Hello");
    open.token(" there");
    expect(open.streamedText()).toBe("Hello");
    open.frame();
    expect(open.streamedText()).toBe("Hello there");
  });

  it("has the running run's answer row in place before its first words, and draws them in it", async () => {
    const open = await openSession();
    open.settle();
    const rows = open.session.getSnapshot().transcript.rows;
    expect(rows.map((row) => row.key)).toEqual(["s:run_1"]);
    open.token("Hello");
    expect(open.session.getSnapshot().transcript.rows).toBe(rows);
  });

  it("draws nothing after it is closed", async () => {
    const open = await openSession();
    open.settle();
    open.token("a");
    open.token("b");
    open.session.close();
    open.frame();
    expect(open.streamedText()).toBe("a");
  });
});
