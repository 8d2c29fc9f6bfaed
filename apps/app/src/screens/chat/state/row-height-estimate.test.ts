import type { Message } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import {
  estimateMarkdownHeight,
  estimateMessageHeight,
  estimateStoredMessages,
} from "./row-height-estimate.ts";
import { emptyTranscript } from "./transcript-state.ts";

function message(role: Message["role"], text: string): Message {
  return {
    id: "msg_1",
    conversationId: "cnv_1",
    runId: "run_1",
    role,
    parts: [{ type: "text", text }],
    createdAt: "2026-12-07T12:00:00.000Z",
  };
}

/* Heights the App measured for these rows in Chromium at 1280 × 800 (the bench's long conversation). */
const measured: Array<[string, Message, number]> = [
  ["a one-line question", message("user", "Please run step 1000."), 88],
  ["a one-line answer", message("assistant", "Done — step 1000 is finished."), 74],
  [
    "a paragraph",
    message(
      "assistant",
      "Here is what changed in round 996. The build now runs the checks before it packs anything, so a failing " +
        "type check stops it early instead of after the bundle is written. Nothing else moved: the same inputs " +
        "give the same outputs, and the cache key still covers every file the step reads.",
    ),
    150,
  ],
  [
    "a list",
    message(
      "assistant",
      "Things to check for item 997:\n\n- the configuration file parses\n- every key has a value\n" +
        "- the port is free\n- the data directory is writable\n- the log level is one of *error*, *warn*, *info*",
    ),
    211,
  ],
  [
    "a code block",
    message(
      "assistant",
      "A version of the helper for case 998:\n\n```ts\nexport function retryDelay(attempt: number): number {\n" +
        "  const base = 250 * 2 ** Math.min(attempt, 6);\n  const jitter = Math.random() * base * 0.2;\n" +
        "  return Math.round(base + jitter);\n}\n```\n\nIt caps the growth after six attempts.",
    ),
    248,
  ],
];

describe("estimating a transcript row's height before it is drawn", () => {
  for (const [shape, stored, height] of measured) {
    it(`comes within 10% of what ${shape} measures`, () => {
      const estimate = estimateMessageHeight(stored);
      expect(Math.abs(estimate - height) / height).toBeLessThan(0.1);
    });
  }

  it("grows with the text: more paragraphs, longer code", () => {
    expect(estimateMarkdownHeight("One.\n\nTwo.")).toBeGreaterThan(estimateMarkdownHeight("One."));
    expect(estimateMarkdownHeight("```\na\nb\nc\n```")).toBeGreaterThan(
      estimateMarkdownHeight("```\na\n```"),
    );
    expect(estimateMarkdownHeight("x".repeat(500))).toBeGreaterThan(estimateMarkdownHeight("x".repeat(50)));
  });

  it("keeps blank lines inside a code block as lines of it", () => {
    expect(estimateMarkdownHeight("```\na\n\nb\n```")).toBeGreaterThan(
      estimateMarkdownHeight("```\na\nb\n```"),
    );
  });

  it("estimates a conversation's stored messages ahead, so drawing it reads none of them again", () => {
    const stored = message("assistant", "Done — step 7 is finished.");
    let reads = 0;
    const counted: Message = {
      ...stored,
      get parts() {
        reads += 1;
        return stored.parts;
      },
    };
    estimateStoredMessages({ ...emptyTranscript, messages: new Map([[counted.id, counted]]) });
    const readAhead = reads;
    expect(readAhead).toBeGreaterThan(0);
    expect(estimateMessageHeight(counted)).toBe(estimateMessageHeight(stored));
    expect(reads).toBe(readAhead);
  });
});
