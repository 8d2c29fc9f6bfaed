import { describe, expect, it } from "vitest";
import { splitMarkdownBlocks } from "./markdown-blocks.ts";

describe("splitting streamed Markdown into blocks", () => {
  it("splits paragraphs and headings at blank lines", () => {
    expect(splitMarkdownBlocks("# Title\n\nOne line\nsame paragraph\n\nNext")).toEqual([
      "# Title",
      "One line\nsame paragraph",
      "Next",
    ]);
  });

  it("keeps a code block whole, blank lines and all, even while its fence is still open", () => {
    expect(splitMarkdownBlocks("Before\n\n```ts\nconst a = 1;\n\nconst b = 2;\n```\n\nAfter")).toEqual([
      "Before",
      "```ts\nconst a = 1;\n\nconst b = 2;\n```",
      "After",
    ]);
    expect(splitMarkdownBlocks("```\nopen\n\nstill open")).toEqual(["```\nopen\n\nstill open"]);
  });

  it("keeps a loose list in one block so its numbering survives", () => {
    expect(splitMarkdownBlocks("1. one\n\n2. two\n\n3. three")).toEqual(["1. one\n\n2. two\n\n3. three"]);
  });

  it("gives earlier blocks the same text while later tokens arrive", () => {
    const early = splitMarkdownBlocks("Intro\n\nSecond par");
    const later = splitMarkdownBlocks("Intro\n\nSecond paragraph grows");
    expect(later[0]).toBe(early[0]);
  });
});
