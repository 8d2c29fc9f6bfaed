import { APICallError } from "ai";
import { describe, expect, it } from "vitest";
import { createMemoryRunStore } from "../testing/memory-run-store.ts";
import type { RunStore } from "./run-store.ts";
import {
  createTestEngine,
  describeCall,
  recordingTool,
  scriptedModel,
  settleBriefly,
  testAgent,
  testId,
} from "./test-engine.ts";

const agent = testAgent(1, { name: "Scout", instructions: "You keep answers short." });

describe("a chat run", () => {
  it("answers at once, streams the text and stores the whole exchange", async () => {
    const model = scriptedModel([{ text: ["Hel", "lo", " there"], usage: { input: 12, output: 3 } }]);
    const { engine, store, eventsOf } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });

    const started = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Say hello\nplease" });
    expect(started).toMatchObject({ state: "running", mode: "chat", parentRunId: null, taskId: null });
    const run = await engine.settled(started.id);

    expect(run).toMatchObject({
      state: "completed",
      error: null,
      usage: { inputTokens: 12, outputTokens: 3, totalTokens: 15 },
    });
    const conversation = await store.getConversation(started.conversationId);
    expect(conversation).toMatchObject({ agentId: agent.id, title: "Say hello" });
    const messages = await store.listMessages(started.conversationId);
    expect(messages.map((message) => [message.role, message.parts])).toEqual([
      ["user", [{ type: "text", text: "Say hello\nplease" }]],
      ["assistant", [{ type: "text", text: "Hello there" }]],
    ]);

    const events = eventsOf(started.id);
    expect(events.map((event) => event.type)).toEqual([
      "run-state",
      "message",
      ...events.filter((event) => event.type === "text-delta").map(() => "text-delta"),
      "message",
      "usage",
      "run-state",
    ]);
    const deltas = events.flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));
    expect(deltas.join("")).toBe("Hello there");
    expect(events.at(-1)).toEqual({ type: "run-state", state: "completed", error: null });
    // The run log holds the same events, in the same order.
    expect((await store.listEvents(started.id)).map((event) => event.event)).toEqual(events);

    const call = describeCall(model.doStreamCalls[0]);
    expect(call.system).toContain("You keep answers short.");
    expect(call.tools).toEqual([]);
  });

  it("continues a conversation with its earlier turns in the model's context", async () => {
    const model = scriptedModel([{ text: "Paris." }, { text: "About 2 million." }]);
    const { engine } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });

    const first = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Capital of France?" });
    await engine.settled(first.id);
    const second = await engine.startRun({
      agentId: agent.id,
      conversationId: first.conversationId,
      mode: "chat",
      text: "How many people live there?",
    });
    await engine.settled(second.id);

    expect(second.conversationId).toBe(first.conversationId);
    expect(describeCall(model.doStreamCalls[1]).messages).toEqual([
      { role: "user", content: [{ type: "text", text: "Capital of France?" }], providerOptions: undefined },
      { role: "assistant", content: [{ type: "text", text: "Paris." }], providerOptions: undefined },
      {
        role: "user",
        content: [{ type: "text", text: "How many people live there?" }],
        providerOptions: undefined,
      },
    ]);
  });

  it("refuses a second turn while the conversation's run is still going", async () => {
    const model = scriptedModel([{ text: "Thinking", hang: true }]);
    const { engine } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const first = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Think hard" });

    await expect(
      engine.startRun({
        agentId: agent.id,
        conversationId: first.conversationId,
        mode: "chat",
        text: "And?",
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    await engine.cancel(first.id);
  });

  it("refuses an unknown agent, an unknown conversation and an empty message", async () => {
    const { engine } = createTestEngine({ agents: [agent], models: {} });
    await expect(
      engine.startRun({ agentId: testId("agent", 9), mode: "chat", text: "hi" }),
    ).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(
      engine.startRun({
        agentId: agent.id,
        conversationId: testId("conversation", 99),
        mode: "chat",
        text: "hi",
      }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(engine.startRun({ agentId: agent.id, mode: "chat", text: "  " })).rejects.toMatchObject({
      code: "VALIDATION_FAILED",
    });
  });
});

describe("a run that cannot reach its model", () => {
  it("fails at once with KEY_NOT_CONFIGURED when the provider has no key, and keeps the message", async () => {
    const { engine, store, eventsOf } = createTestEngine({ agents: [agent], models: {} });
    const run = await engine.startRun({ agentId: agent.id, mode: "task", text: "Sort my files" });

    expect(run.state).toBe("failed");
    expect(run.error).toEqual({
      code: "KEY_NOT_CONFIGURED",
      message: "No API key is configured for openai.",
    });
    expect(await store.getRun(run.id)).toEqual(run);
    expect((await store.listMessages(run.conversationId)).map((message) => message.role)).toEqual(["user"]);
    expect(eventsOf(run.id).at(-1)).toEqual({ type: "run-state", state: "failed", error: run.error });
  });

  it("fails with the classified code when the provider refuses the call", async () => {
    const rateLimited = new APICallError({
      message: "Rate limit reached",
      url: "http://127.0.0.1/v1/responses",
      requestBodyValues: {},
      statusCode: 429,
      isRetryable: true,
    });
    const model = scriptedModel([{ requestError: rateLimited }]);
    const { engine } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      limits: { modelRetries: 0 },
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "hi" });
    expect(await engine.settled(run.id)).toMatchObject({
      state: "failed",
      error: { code: "PROVIDER_RATE_LIMITED", message: "Rate limit reached" },
    });
  });

  it("keeps the text already streamed when the stream breaks, and uses the host's classification", async () => {
    const model = scriptedModel([{ text: ["Half an ", "answer"], streamError: new Error("socket hang up") }]);
    const { engine, store } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      classifyError: (error) => ({
        code: "PROVIDER_STREAM_MALFORMED",
        message: `classified: ${(error as Error).message}`,
      }),
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "hi" });
    expect(await engine.settled(run.id)).toMatchObject({
      state: "failed",
      error: { code: "PROVIDER_STREAM_MALFORMED", message: "classified: socket hang up" },
    });
    const messages = await store.listMessages(run.conversationId);
    expect(messages.at(-1)).toMatchObject({
      role: "assistant",
      parts: [{ type: "text", text: "Half an answer" }],
    });
  });
});

describe("the model-call limit", () => {
  it("makes the last allowed call answer without tools, so the run still ends with a reply", async () => {
    const files = recordingTool("files.read");
    const model = scriptedModel([
      { toolCalls: [{ name: "files_read", input: { path: "a" } }] },
      { text: "Here is what I found." },
    ]);
    const { engine } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      tools: [files],
      limits: { maxModelCallsPerRun: 2 },
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Look" });
    expect(await engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(describeCall(model.doStreamCalls[0]).toolChoice).toEqual({ type: "auto" });
    expect(describeCall(model.doStreamCalls[1]).toolChoice).toEqual({ type: "none" });
  });
});

describe("the run log", () => {
  it("stores every event before any listener hears of it, in seq order", async () => {
    const store = createMemoryRunStore();
    const checks: Promise<void>[] = [];
    const files = recordingTool("files.read");
    const model = scriptedModel([
      { text: ["Let me ", "look."], toolCalls: [{ name: "files_read", input: { path: "notes.md" } }] },
      { text: ["Done", "."] },
    ]);
    const { engine } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      tools: [files],
      store,
    });
    const lastSeq = new Map<string, number>();
    engine.subscribe((event) => {
      expect(event.seq).toBe((lastSeq.get(event.runId) ?? 0) + 1);
      lastSeq.set(event.runId, event.seq);
      // Read the store at the moment of publishing: the event must already be there.
      checks.push(
        store.listEvents(event.runId, event.seq - 1).then((stored) => {
          expect(stored[0]).toEqual(event);
        }),
      );
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Read my notes" });
    await engine.settled(run.id);
    await Promise.all(checks);
    expect(checks.length).toBe((await store.listEvents(run.id)).length);
  });

  it("stores a chat turn in three writes: its opening, the streamed text, and its end", async () => {
    const inner = createMemoryRunStore();
    const writes: string[][] = [];
    const recordingStore: RunStore = {
      ...inner,
      async appendEvents(runId, events) {
        writes.push(events.map((event) => event.body.type));
        return inner.appendEvents(runId, events);
      },
    };
    const model = scriptedModel([{ text: "Hello", usage: { input: 5, output: 1 } }]);
    const { engine } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      store: recordingStore,
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Hi" });
    await engine.settled(run.id);
    expect(writes).toEqual([["run-state", "message"], ["text-delta"], ["message", "usage", "run-state"]]);
    expect(await inner.listMessages(run.conversationId)).toHaveLength(2);
    expect(await inner.getRun(run.id)).toMatchObject({ state: "completed", usage: { totalTokens: 6 } });
  });

  it("merges text deltas that arrive while the store is still writing, losing none", async () => {
    const inner = createMemoryRunStore();
    let writes = 0;
    const slowStore: RunStore = {
      ...inner,
      async appendEvents(runId, events) {
        writes += events.length;
        await new Promise((resolve) => setTimeout(resolve, 5));
        return inner.appendEvents(runId, events);
      },
    };
    const tokens = Array.from({ length: 60 }, (_, index) => `t${index} `);
    const model = scriptedModel([{ text: tokens }]);
    const { engine, eventsOf } = createTestEngine({
      agents: [agent],
      models: { [agent.id]: model },
      store: slowStore,
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Count" });
    await engine.settled(run.id);

    const deltas = eventsOf(run.id).flatMap((event) => (event.type === "text-delta" ? [event.delta] : []));
    expect(deltas.join("")).toBe(tokens.join(""));
    expect(deltas.length).toBeLessThan(tokens.length);
    expect(writes).toBe((await inner.listEvents(run.id)).length);
  });

  it("keeps running when a listener throws, and reports the listener's error", async () => {
    const model = scriptedModel([{ text: "ok" }]);
    const { engine, reported } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    engine.subscribe(() => {
      throw new Error("listener bug");
    });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "hi" });
    expect(await engine.settled(run.id)).toMatchObject({ state: "completed" });
    expect(reported.length).toBeGreaterThan(0);
    expect(reported[0]).toMatchObject({ message: "listener bug" });
  });
});

describe("runs a stop left unfinished", () => {
  it("marks every unfinished run interrupted at start-up, and leaves ended runs alone", async () => {
    const store = createMemoryRunStore();
    const at = "2026-02-01T08:00:00.000Z";
    await store.createConversation({
      id: testId("conversation", 1),
      agentId: agent.id,
      title: "t",
      createdAt: at,
      updatedAt: at,
    });
    const states = [
      "planning",
      "awaiting-plan-approval",
      "running",
      "awaiting-tool-approval",
      "completed",
      "failed",
    ] as const;
    for (const [index, state] of states.entries()) {
      await store.createRun({
        id: testId("run", index + 1),
        conversationId: testId("conversation", 1),
        agentId: agent.id,
        mode: "task",
        taskId: null,
        parentRunId: null,
        state,
        usage: { inputTokens: 0, outputTokens: 0, totalTokens: 0 },
        error: null,
        createdAt: at,
        updatedAt: at,
      });
      await store.appendEvent(testId("run", index + 1), at, { type: "run-state", state, error: null });
    }
    const { engine } = createTestEngine({ agents: [agent], models: {}, store });
    const announced: string[] = [];
    engine.onRunState((run) => announced.push(`${run.id}:${run.state}`));

    const interrupted = await engine.recoverInterrupted();

    expect(interrupted.map((run) => run.id).sort()).toEqual([1, 2, 3, 4].map((n) => testId("run", n)));
    for (const n of [1, 2, 3, 4]) {
      const run = await store.getRun(testId("run", n));
      expect(run).toMatchObject({ state: "interrupted", error: { code: "RUN_INTERRUPTED" } });
      const events = await store.listEvents(testId("run", n));
      expect(events.at(-1)).toMatchObject({ seq: 2, event: { type: "run-state", state: "interrupted" } });
    }
    expect((await store.getRun(testId("run", 5)))?.state).toBe("completed");
    expect((await store.getRun(testId("run", 6)))?.state).toBe("failed");
    expect(announced.sort()).toEqual([1, 2, 3, 4].map((n) => `${testId("run", n)}:interrupted`));
    expect(await engine.recoverInterrupted()).toEqual([]);
  });

  it("ends active runs as interrupted when the engine closes", async () => {
    const model = scriptedModel([{ text: "Working", hang: true }]);
    const { engine, reach } = createTestEngine({ agents: [agent], models: { [agent.id]: model } });
    const run = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Go" });
    await settleBriefly();
    await engine.close();
    expect(await reach(run.id, "interrupted")).toMatchObject({ error: { code: "RUN_INTERRUPTED" } });
  });
});
