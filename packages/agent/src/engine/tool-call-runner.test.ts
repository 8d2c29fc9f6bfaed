import type { MessagePart } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import type { Tool } from "../tools/tool.ts";
import {
  createTestEngine,
  describeCall,
  recordingTool,
  type ScriptedToolCall,
  scriptedModel,
  testAgent,
} from "./test-engine.ts";

const agent = testAgent(1, { toolPolicy: { requireApproval: [], deny: ["shell.*"] } });

/** Runs a chat turn where the model makes `calls`, then answers; returns what each call answered. */
async function callTools(tools: readonly Tool[], calls: readonly ScriptedToolCall[], limits = {}) {
  const model = scriptedModel([{ toolCalls: calls }, { text: "All done." }]);
  const test = createTestEngine({ agents: [agent], models: { [agent.id]: model }, tools, limits });
  const run = await test.engine.startRun({ agentId: agent.id, mode: "chat", text: "Go" });
  const ended = await test.engine.settled(run.id);
  const messages = await test.store.listMessages(run.conversationId);
  const results = messages
    .filter((message) => message.role === "tool")
    .flatMap((message) => message.parts)
    .filter((part): part is Extract<MessagePart, { type: "tool-result" }> => part.type === "tool-result");
  return { ...test, run, ended, model, results };
}

describe("a tool call", () => {
  it("runs the tool with the run's context and gives its output back to the model", async () => {
    const files = recordingTool("files.read");
    const { ended, results, model, run, eventsOf } = await callTools(
      [files],
      [{ id: "call_a", name: "files_read", input: { path: "notes.md" } }],
    );
    expect(ended?.state).toBe("completed");
    expect(files.calls).toHaveLength(1);
    expect(files.calls[0]?.context).toMatchObject({ runId: run.id, agentId: agent.id, toolCallId: "call_a" });
    expect(files.calls[0]?.context.signal.aborted).toBe(false);
    expect(results).toEqual([
      {
        type: "tool-result",
        toolCallId: "call_a",
        tool: "files.read",
        ok: true,
        output: "did notes.md",
        error: null,
      },
    ]);
    expect(describeCall(model.doStreamCalls[0]).tools).toEqual(["files_read"]);
    expect(JSON.stringify(model.doStreamCalls[1]?.prompt)).toContain("did notes.md");
    expect(eventsOf(run.id)).toContainEqual({
      type: "tool-call",
      toolCallId: "call_a",
      tool: "files.read",
      input: { path: "notes.md" },
    });
  });

  it("never offers a denied tool, and answers TOOL_DENIED if the model calls it anyway", async () => {
    const shell = recordingTool("shell.run");
    const files = recordingTool("files.read");
    const { results, model, ended } = await callTools(
      [shell, files],
      [{ name: "shell_run", input: { path: "rm" } }],
    );
    expect(describeCall(model.doStreamCalls[0]).tools).toEqual(["files_read"]);
    expect(shell.calls).toHaveLength(0);
    expect(results[0]).toMatchObject({ ok: false, tool: "shell.run", error: { code: "TOOL_DENIED" } });
    expect(ended?.state).toBe("completed");
  });

  it("answers TOOL_NOT_FOUND for a tool that does not exist", async () => {
    const { results, ended } = await callTools(
      [recordingTool("files.read")],
      [{ name: "teleport", input: {} }],
    );
    expect(results[0]).toMatchObject({
      ok: false,
      tool: "teleport",
      error: { code: "TOOL_NOT_FOUND", message: "There is no tool named teleport." },
    });
    expect(ended?.state).toBe("completed");
  });

  it("answers TOOL_INPUT_INVALID, without running the tool, for arguments that do not fit or are not JSON", async () => {
    const files = recordingTool("files.read");
    const { results, ended } = await callTools(
      [files],
      [
        { name: "files_read", input: { path: 42 } },
        { name: "files_read", input: '{"path": "unterminated' },
      ],
    );
    expect(files.calls).toHaveLength(0);
    expect(results.map((result) => result.error?.code)).toEqual(["TOOL_INPUT_INVALID", "TOOL_INPUT_INVALID"]);
    expect(results[0]?.error?.message).toContain("path");
    expect(results[1]?.error?.message).toContain("JSON");
    expect(ended?.state).toBe("completed");
  });

  it("answers TOOL_FAILED when the tool throws, and passes on a failure the tool returns", async () => {
    const broken = recordingTool("files.read", {
      run: async () => {
        throw new Error("disk on fire");
      },
    });
    const refusing = recordingTool("files.write", {
      run: async () => ({ ok: false, error: { code: "PATH_OUTSIDE_WORKSPACE", message: "../x is outside" } }),
    });
    const { results, ended } = await callTools(
      [broken, refusing],
      [
        { name: "files_read", input: { path: "a" } },
        { name: "files_write", input: { path: "../x" } },
      ],
    );
    expect(results.map((result) => result.error)).toEqual([
      { code: "TOOL_FAILED", message: "files.read failed: disk on fire" },
      { code: "PATH_OUTSIDE_WORKSPACE", message: "../x is outside" },
    ]);
    expect(ended?.state).toBe("completed");
  });

  it("answers TOOL_TIMEOUT for a tool that overruns, even one that ignores its signal", async () => {
    let signal: AbortSignal | undefined;
    const stuck = recordingTool("files.read", {
      run: (_input, context) => {
        signal = context.signal;
        return new Promise(() => {});
      },
    });
    const { results, ended } = await callTools([stuck], [{ name: "files_read", input: { path: "a" } }], {
      toolTimeoutMs: 50,
    });
    expect(results[0]?.error).toEqual({
      code: "TOOL_TIMEOUT",
      message: "files.read did not finish within 50 ms.",
    });
    expect(signal?.aborted).toBe(true);
    expect(ended?.state).toBe("completed");
  });

  it("cuts a long output before the model sees it, and cuts the event further", async () => {
    const chatty = recordingTool("files.read", { run: async () => ({ ok: true, output: "x".repeat(500) }) });
    const { results, eventsOf, run } = await callTools(
      [chatty],
      [{ name: "files_read", input: { path: "a" } }],
      {
        toolOutputMaxChars: 100,
        eventOutputMaxChars: 10,
      },
    );
    expect(results[0]?.output).toBe(`${"x".repeat(100)}\n[cut: 400 more characters]`);
    const event = eventsOf(run.id).find((candidate) => candidate.type === "tool-result");
    expect(event).toMatchObject({ output: `${"x".repeat(10)}\n[cut: ${100 + 27 - 10} more characters]` });
  });
});
