import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { type CliTestGateway, startCliTestGateway } from "../testing/cli-harness.ts";
import { type ScriptedAgent, scriptAgent } from "../testing/scripted-agent.ts";

let gateway: CliTestGateway;
let agent: ScriptedAgent;
beforeEach(async () => {
  gateway = await startCliTestGateway();
  agent = scriptAgent(gateway.fake);
});
afterEach(async () => {
  agent.stop();
  await gateway.close();
});

const eventTypes = (runId: string) => (gateway.fake.events.get(runId) ?? []).map((event) => event.event);
/**
 * The two closing lines at the end of stdout, each on a line of its own, and the line just before them. They
 * share stdout, so they stay together and in order however the two streams are captured and shown.
 */
const closingOf = (stdout: string) => {
  const match =
    /(?:^|\n)([^\n]*)\ntokens: \d+ in, \d+ out \(\d+ total\)\nconversation (conv_\w+) \(continue it with --conversation \2\)\n$/.exec(
      stdout,
    );
  return match ? { lineBefore: match[1], conversationId: match[2] } : undefined;
};
const onlyRun = () => {
  const [runId, ...others] = agent.messages.keys();
  if (!runId || others.length > 0) throw new Error(`expected one run, got ${agent.messages.size}`);
  return runId;
};

describe("multiclaw chat", () => {
  it("streams the reply of the agent named in any case, then the token usage and how to continue, and exits 0", async () => {
    const result = await gateway.run(["chat", "researcher", "Say", "hello"]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^Hello there\ntokens: 12 in, 5 out \(17 total\)\nconversation (conv_\w+) \(continue it with --conversation \1\)\n$/,
    );
    expect(result.stderr).toBe("");
    expect([...agent.messages.values()]).toEqual(["Say hello"]);
  });

  it("continues a conversation with --conversation", async () => {
    const first = await gateway.run(["chat", "Researcher", "First"]);
    const conversationId = closingOf(first.stdout)?.conversationId ?? "";
    expect(conversationId).toMatch(/^conv_/);
    const second = await gateway.run(["chat", "Researcher", "--conversation", conversationId, "Second"]);
    expect(second.code).toBe(0);
    const messages = await gateway.fake.deps.store.listMessages(conversationId);
    expect(messages.map((message) => message.parts)).toEqual([
      [{ type: "text", text: "First" }],
      [{ type: "text", text: "Second" }],
    ]);
    const wrongAgent = await gateway.run(["chat", "Coder", "--conversation", conversationId, "Third"]);
    expect(wrongAgent.code).toBe(1);
    expect(wrongAgent.stderr).toMatch(/^CONFLICT: conversation conv_\w+ is not with Coder/);
  });

  it("takes the message from stdin when none is given", async () => {
    const result = await gateway.run(["chat", "Researcher"], { stdin: "A message\nover two lines\n" });
    expect(result.code).toBe(0);
    expect([...agent.messages.values()]).toEqual(["A message\nover two lines"]);
  });

  it("asks for the plan and the tool approval inline, answered line by line from piped stdin", async () => {
    const result = await gateway.run(["chat", "Researcher", "--task", "Count the files"], {
      stdin: "y\ny\n",
    });
    expect(result.stderr).not.toMatch(/^[A-Z_]+:/m);
    expect(result.code).toBe(0);
    const out = result.stdout;
    const order = [
      "Proposed plan:",
      "   1. Read the files",
      "Approve this plan? [y] yes  [e] edit  [n] reject > y\n",
      "plan approved",
      '⚙ shell.run {"command":"ls"}',
      '? shell.run {"command":"ls"}',
      "Allow? [y] once  [r] for this run  [a] always for this agent  [n] deny > y\n",
      "  approved\n",
      "✓ shell.run: README.md",
      "There are 2 files.",
      "tokens: 12 in, 5 out (17 total)",
    ].map((text) => out.indexOf(text));
    expect(order.every((index) => index >= 0)).toBe(true);
    expect([...order].sort((a, b) => a - b)).toEqual(order);
    const runId = onlyRun();
    expect(eventTypes(runId)).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          type: "plan-decided",
          plan: expect.objectContaining({ status: "approved" }),
        }),
        expect.objectContaining({ type: "approval-decided", decision: "approve", scope: "call" }),
      ]),
    );
  });

  it("asks again after an answer it does not understand, and a denial fails the run with its code", async () => {
    const result = await gateway.run(["chat", "Researcher", "--task", "Count the files"], {
      stdin: "y\nmaybe\nn\n",
    });
    expect(result.code).toBe(1);
    expect(result.stdout.match(/Allow\?/g)).toHaveLength(2);
    expect(result.stdout).toContain("✗ shell.run: TOOL_DENIED: You denied shell.run");
    expect(result.stderr).toContain("TOOL_DENIED: the run failed: You denied shell.run\n");
  });

  it("closes a run that ended after a tool call with the usage and the conversation, each on its own line", async () => {
    const result = await gateway.run(["chat", "Researcher", "--task", "Count the files"], {
      stdin: "y\nn\n",
    });
    expect(result.code).toBe(1);
    expect(closingOf(result.stdout)).toMatchObject({ lineBefore: "✗ TOOL_DENIED: You denied shell.run" });
    expect(result.stderr).toBe("TOOL_DENIED: the run failed: You denied shell.run\n");
  });

  it("closes a completed task the same way, after its reply", async () => {
    const result = await gateway.run(["chat", "Researcher", "--task", "Count the files"], {
      stdin: "y\ny\n",
    });
    expect(result.code).toBe(0);
    expect(closingOf(result.stdout)).toMatchObject({ lineBefore: "There are 2 files." });
    expect(result.stderr).toBe("");
  });

  it("fails clearly when stdin ends before a question is answered", async () => {
    const result = await gateway.run(["chat", "Researcher", "--task", "Count the files"], { stdin: "" });
    expect(result.code).toBe(1);
    expect(result.stdout).toContain("Approve this plan?");
    expect(result.stderr).toMatch(/^VALIDATION_FAILED: stdin ended before this question was answered/);
  });

  it("cancels the run on Ctrl-C", async () => {
    const stop = new AbortController();
    const chat = gateway.start(["chat", "Researcher", "hold on"], { signal: stop.signal });
    await chat.waitForStdout(/Hello there/);
    stop.abort();
    const result = await chat.result;
    expect(result.code).toBe(130);
    expect(result.stdout).toContain("cancelling the run…\n\ncancelled\n");
    expect(closingOf(result.stdout)).toMatchObject({ lineBefore: "cancelled" });
    expect(result.stderr).toBe("");
    expect(eventTypes(onlyRun()).at(-1)).toEqual({ type: "run-state", state: "cancelled", error: null });
  });

  it("names the agents when the one asked for does not exist", async () => {
    const result = await gateway.run(["chat", "Nobody", "hi"]);
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe('NOT_FOUND: no agent named "Nobody"; agents: Researcher, Coder\n');
    expect(agent.messages.size).toBe(0);
  });

  it("finds an agent by id, and reports a run that cannot start with the gateway's code", async () => {
    const coder = gateway.fake.agents.find((candidate) => candidate.name === "Coder");
    gateway.fake.failNext(
      "startRun",
      Object.assign(new Error("No API key is configured for openai"), { code: "KEY_NOT_CONFIGURED" }),
    );
    const result = await gateway.run(["chat", coder?.id ?? "", "hi"]);
    expect(result.code).toBe(1);
    expect(result.stderr).toBe("KEY_NOT_CONFIGURED: No API key is configured for openai\n");
  });
});
