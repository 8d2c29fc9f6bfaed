import { SKILL_LIMITS, type SkillFile } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { checkSkillFiles, skillContentHash } from "./skill-files.ts";

const text = (path: string, content = "x"): SkillFile => ({ path, encoding: "utf8", content });
const manifest = text("SKILL.md", "---\nname: a\ndescription: b\n---\n");

describe("a skill's files", () => {
  it("sorts them, tells text from binary, and hashes them the same whatever the order sent", () => {
    const png: SkillFile = {
      path: "assets/logo.png",
      encoding: "base64",
      content: Buffer.from([0x89, 0, 1]).toString("base64"),
    };
    const checked = checkSkillFiles([text("b/notes.md"), png, manifest]);
    expect(checked.map((file) => [file.path, file.text === null])).toEqual([
      ["SKILL.md", false],
      ["assets/logo.png", true],
      ["b/notes.md", false],
    ]);
    expect(skillContentHash(checked)).toBe(
      skillContentHash(checkSkillFiles([manifest, png, text("b/notes.md")])),
    );
    expect(skillContentHash(checked)).not.toBe(
      skillContentHash(checkSkillFiles([manifest, png, text("b/notes.md", "y")])),
    );
  });

  it.each([
    "../outside.md",
    "a/../../etc/passwd",
    "/etc/passwd",
    "C:/Windows/win.ini",
    "a\\..\\b.md",
    "a//b.md",
    "./SKILL2.md",
    "bad\u0000name",
    "in\u200Bvisible.md",
  ])("refuses the path %j", (path) => {
    expect(() => checkSkillFiles([manifest, text(path)])).toThrow(
      expect.objectContaining({ code: "SKILL_INVALID" }),
    );
  });

  it("refuses a folder without SKILL.md at its top, and a path sent twice", () => {
    expect(() => checkSkillFiles([text("docs/SKILL.md")])).toThrow("SKILL.md: missing");
    expect(() => checkSkillFiles([text("skill.md")])).toThrow("SKILL.md: missing");
    expect(() => checkSkillFiles([manifest, text("a.md"), text("A.md")])).toThrow("A.md: sent twice");
    expect(() => checkSkillFiles([manifest, text("docs"), text("docs/a.md")])).toThrow(
      "docs/a.md: its folder docs is also sent as a file",
    );
  });

  it("refuses too many files, a file too large and too many bytes together, naming the limit", () => {
    const many = Array.from({ length: SKILL_LIMITS.files }, (_, index) => text(`f${index}.md`));
    expect(() => checkSkillFiles([manifest, ...many])).toThrow(`at most ${SKILL_LIMITS.files}`);
    const big = text("big.md", "x".repeat(SKILL_LIMITS.fileBytes + 1));
    expect(() => checkSkillFiles([manifest, big])).toThrow(
      expect.objectContaining({ code: "SKILL_TOO_LARGE", message: expect.stringMatching(/^big\.md: /) }),
    );
    const halves = [1, 2, 3].map((index) => text(`part${index}.md`, "x".repeat(SKILL_LIMITS.fileBytes - 10)));
    expect(() => checkSkillFiles([manifest, ...halves])).toThrow(/bytes together; at most/);
  });

  it("refuses base64 that is not base64", () => {
    expect(() =>
      checkSkillFiles([manifest, { path: "a.bin", encoding: "base64", content: "not base64!" }]),
    ).toThrow("a.bin: the content is not valid base64");
  });
});
