import type { Message, MessagePart } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { toModelMessages, unansweredCallResult } from "./model-messages.ts";
import { createToolNames } from "./tool-names.ts";

let n = 0;
function message(role: Message["role"], parts: MessagePart[]): Message {
  n++;
  return {
    id: `msg_${String(n).padStart(26, "0")}`,
    conversationId: "conv_00000000000000000000000001",
    runId: null,
    role,
    parts,
    createdAt: "2026-01-01T00:00:00.000Z",
  };
}

const names = createToolNames(["files.read"]);
const call = (id: string, input: unknown = { path: "a" }): MessagePart => ({
  type: "tool-call",
  toolCallId: id,
  tool: "files.read",
  input,
});
const result = (id: string, ok = true): MessagePart => ({
  type: "tool-result",
  toolCallId: id,
  tool: "files.read",
  ok,
  output: ok ? "content" : "gone",
  error: ok ? null : { code: "TOOL_FAILED", message: "gone" },
});

describe("the conversation as the model sees it", () => {
  it("carries text, tool calls under their model names, and results as text or error text", () => {
    expect(
      toModelMessages(
        [
          message("user", [{ type: "text", text: "Read a and b" }]),
          message("assistant", [{ type: "text", text: "Reading." }, call("c1"), call("c2")]),
          message("tool", [result("c1"), result("c2", false)]),
          message("assistant", [{ type: "text", text: "One was gone." }]),
        ],
        names,
      ),
    ).toEqual([
      { role: "user", content: "Read a and b" },
      {
        role: "assistant",
        content: [
          { type: "text", text: "Reading." },
          { type: "tool-call", toolCallId: "c1", toolName: "files_read", input: { path: "a" } },
          { type: "tool-call", toolCallId: "c2", toolName: "files_read", input: { path: "a" } },
        ],
      },
      {
        role: "tool",
        content: [
          {
            type: "tool-result",
            toolCallId: "c1",
            toolName: "files_read",
            output: { type: "text", value: "content" },
          },
          {
            type: "tool-result",
            toolCallId: "c2",
            toolName: "files_read",
            output: { type: "error-text", value: "TOOL_FAILED: gone" },
          },
        ],
      },
      { role: "assistant", content: [{ type: "text", text: "One was gone." }] },
    ]);
  });

  it("answers calls a stopped run left open, wherever the history goes on", () => {
    const messages = toModelMessages(
      [
        message("user", [{ type: "text", text: "Go" }]),
        message("assistant", [call("c1"), call("c2")]),
        message("tool", [result("c1")]),
        message("assistant", [call("c3")]),
        message("user", [{ type: "text", text: "Stop that" }]),
        message("assistant", [call("c4")]),
      ],
      names,
    );
    const answered = messages.flatMap((item) =>
      item.role === "tool"
        ? item.content.flatMap((part) =>
            part.type === "tool-result"
              ? [[part.toolCallId, part.output.type === "error-text" ? part.output.value : "ok"]]
              : [],
          )
        : [],
    );
    expect(answered).toEqual([
      ["c1", "ok"],
      ["c2", unansweredCallResult],
      ["c3", unansweredCallResult],
      ["c4", unansweredCallResult],
    ]);
    expect(messages.map((item) => item.role)).toEqual([
      "user",
      "assistant",
      "tool",
      "assistant",
      "tool",
      "user",
      "assistant",
      "tool",
    ]);
  });

  it("replays a call whose input was not an object with {}, and drops results of unknown calls", () => {
    const messages = toModelMessages(
      [
        message("assistant", [call("c1", '{"path": "unterminated')]),
        message("tool", [result("c1", false), result("stray")]),
      ],
      names,
    );
    expect(messages[0]).toMatchObject({ content: [{ toolCallId: "c1", input: {} }] });
    expect(messages[1]).toMatchObject({ role: "tool", content: [{ toolCallId: "c1" }] });
    expect(messages[1]?.content).toHaveLength(1);
  });
});
