import { describe, expect, it } from "vitest";
import { plainBlocks } from "./plain-blocks.ts";

describe("Markdown as plain blocks, before it is rendered", () => {
  it("keeps paragraphs and lists as written, one block each", () => {
    expect(plainBlocks("**Check:**\n\nFirst this.\n\n- one\n- two")).toEqual([
      { kind: "text", text: "**Check:**" },
      { kind: "text", text: "First this." },
      { kind: "text", text: "- one\n- two" },
    ]);
  });

  it("shows fenced code without its fences, blank lines and all", () => {
    expect(plainBlocks("Here:\n\n```ts\nlet a = 1;\n\nlet b = 2;\n```\n\nAfter.")).toEqual([
      { kind: "text", text: "Here:" },
      { kind: "code", code: "let a = 1;\n\nlet b = 2;", language: "ts" },
      { kind: "text", text: "After." },
    ]);
  });

  it("shows a code block whose fence is not closed yet", () => {
    expect(plainBlocks("~~~\nstill coming")).toEqual([{ kind: "code", code: "still coming", language: "" }]);
  });
});
