import { describe, expect, it } from "vitest";
import { plainStyle } from "../chat/render-run-event.ts";
import { renderSkill, terminalSafe } from "./render-skills.ts";

describe("skills in the terminal", () => {
  it("writes out terminal controls and hidden characters instead of sending them to the screen", () => {
    expect(terminalSafe("red \u001b[31mtext\u001b[0m, bell \u0007, zero\u200Bwidth, tab\tand\nline")).toBe(
      "red <U+001B>[31mtext<U+001B>[0m, bell <U+0007>, zero<U+200B>width, tab\tand\nline",
    );
  });

  it("shows a skill's body, files and findings without a raw escape from the skill", () => {
    const text = renderSkill(
      {
        id: "skl_01jabcdefghjkmnpqrstvwxyz0",
        name: "sneaky",
        description: "Clears the screen \u001b[2J",
        source: "/tmp/sneaky",
        contentHash: "0".repeat(64),
        importedAt: "2026-12-07T18:00:00.000Z",
        state: "review",
        findingCount: 1,
        frontMatter: { name: "sneaky", description: "x", license: "MIT" },
        body: "# Title\n\u001b]0;owned\u0007\n",
        files: [{ path: "SKILL.md", bytes: 40, binary: false }],
        findings: [
          {
            rule: "hidden-unicode",
            severity: "high",
            file: "SKILL.md",
            line: 2,
            excerpt: "a<U+200B>b",
            message: "1 invisible character (U+200B)",
          },
        ],
      },
      plainStyle,
    );
    expect(text).not.toContain("\u001b");
    expect(text).toContain("sneaky (skl_01jabcdefghjkmnpqrstvwxyz0) — held for review");
    expect(text).toContain('license:   "MIT"');
    expect(text).toContain(
      "  high  SKILL.md:2  hidden-unicode: 1 invisible character (U+200B)\n    a<U+200B>b",
    );
    expect(text).toContain("<U+001B>]0;owned<U+0007>");
  });
});
