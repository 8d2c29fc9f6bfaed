import { expect, it } from "vitest";
import { createTestEngine, recordingTool, scriptedModel, testAgent } from "./test-engine.ts";

const agent = testAgent(1);

it("stores each assistant message with the tokens of the model call that wrote it", async () => {
  const model = scriptedModel([
    { toolCalls: [{ name: "files_read", input: { path: "a.txt" } }], usage: { input: 100, output: 7 } },
    { text: "It says hi.", usage: { input: 130, output: 4 } },
  ]);
  const { engine, store } = createTestEngine({
    agents: [agent],
    models: { [agent.id]: model },
    tools: [recordingTool("files.read")],
  });
  const started = await engine.startRun({ agentId: agent.id, mode: "chat", text: "Read a.txt" });
  const run = await engine.settled(started.id);

  const messages = await store.listMessages(started.conversationId);
  expect(messages.map((message) => [message.role, message.usage])).toEqual([
    ["user", undefined],
    ["assistant", { inputTokens: 100, outputTokens: 7, totalTokens: 107 }],
    ["tool", undefined],
    ["assistant", { inputTokens: 130, outputTokens: 4, totalTokens: 134 }],
  ]);
  // The run's total is the sum of its messages'.
  expect(run?.usage).toEqual({ inputTokens: 230, outputTokens: 11, totalTokens: 241 });
});
