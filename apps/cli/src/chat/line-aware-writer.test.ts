import { describe, expect, it } from "vitest";
import { lineAwareWriter } from "./line-aware-writer.ts";

function recorded() {
  let text = "";
  const out = lineAwareWriter((chunk) => {
    text += chunk;
  });
  return { out, text: () => text };
}

describe("lineAwareWriter", () => {
  it("starts closing lines on a new line after a reply that streamed without one", () => {
    const { out, text } = recorded();
    out.write("Hello");
    out.write(" there");
    out.writeLines(["tokens: 12 in", "conversation conv_1"]);
    expect(text()).toBe("Hello there\ntokens: 12 in\nconversation conv_1\n");
  });

  it("adds no blank line after text that already ended its line", () => {
    const { out, text } = recorded();
    out.write("  ✓ shell.run: README.md\n");
    out.writeLines(["tokens: 12 in"]);
    expect(text()).toBe("  ✓ shell.run: README.md\ntokens: 12 in\n");
  });

  it("looks past colour codes to the text when deciding whether a line has ended", () => {
    const { out, text } = recorded();
    out.write("\u001b[33mwaiting for approval\n\u001b[39m");
    out.write("\u001b[2m");
    out.writeLines(["tokens: 12 in"]);
    expect(text()).toBe("\u001b[33mwaiting for approval\n\u001b[39m\u001b[2mtokens: 12 in\n");
  });

  it("treats nothing written yet as the start of a line, and ignores empty writes", () => {
    const { out, text } = recorded();
    out.writeLines(["first"]);
    out.write("");
    out.writeLines(["second"]);
    expect(text()).toBe("first\nsecond\n");
  });
});
