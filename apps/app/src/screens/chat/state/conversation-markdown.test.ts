import type { Message } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { conversationToMarkdown, markdownFileName } from "./conversation-markdown.ts";

const at = "2026-12-07T06:00:00.000Z";
const conversation = {
  id: "conv_1",
  agentId: "agt_1",
  title: "Fix: the\\build?",
  createdAt: at,
  updatedAt: at,
};
const message = (role: Message["role"], parts: Message["parts"]): Message => ({
  id: `msg_${role}`,
  conversationId: "conv_1",
  runId: "run_1",
  role,
  parts,
  createdAt: at,
});

describe("exporting a conversation as Markdown", () => {
  it("writes the title, each speaker and each part", () => {
    const markdown = conversationToMarkdown(
      conversation,
      [
        message("user", [{ type: "text", text: "Why does it fail?" }]),
        message("assistant", [
          { type: "text", text: "Let me look." },
          { type: "tool-call", toolCallId: "c1", tool: "shell", input: { command: "npm test" } },
        ]),
        message("tool", [
          { type: "tool-result", toolCallId: "c1", tool: "shell", ok: true, output: "1 failed", error: null },
        ]),
      ],
      "Builder",
    );
    expect(markdown).toContain("# Fix: the\\build?");
    expect(markdown).toContain("## You\n\nWhy does it fail?");
    expect(markdown).toContain("## Builder\n\nLet me look.");
    expect(markdown).toContain('```json\n{\n  "command": "npm test"\n}\n```');
    expect(markdown).toContain("`shell` returned:\n\n```\n1 failed\n```");
  });

  it("fences tool output that contains backticks with a longer fence", () => {
    const markdown = conversationToMarkdown(
      conversation,
      [
        message("tool", [
          { type: "tool-result", toolCallId: "c", tool: "t", ok: true, output: "```x```", error: null },
        ]),
      ],
      "A",
    );
    expect(markdown).toContain("````\n```x```\n````");
  });

  it("names the file after the title without characters a file system refuses", () => {
    expect(markdownFileName(conversation)).toBe("Fix the build.md");
  });
});
