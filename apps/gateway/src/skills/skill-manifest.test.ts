import { describe, expect, it } from "vitest";
import { parseSkillManifest } from "./skill-manifest.ts";

const skill = (frontMatter: string, body = "# Steps\n") => `---\n${frontMatter}\n---\n${body}`;

describe("SKILL.md", () => {
  it("reads the front matter with YAML, keeps other keys, and separates the body", () => {
    const manifest = parseSkillManifest(
      skill('name: pdf-forms\ndescription: >\n  Fill PDF forms.\nlicense: MIT\nmetadata:\n  version: "1.2"'),
    );
    expect(manifest).toEqual({
      name: "pdf-forms",
      description: "Fill PDF forms.\n",
      frontMatter: {
        name: "pdf-forms",
        description: "Fill PDF forms.\n",
        license: "MIT",
        metadata: { version: "1.2" },
      },
      body: "# Steps\n",
    });
  });

  it("accepts a byte-order mark and CRLF line ends", () => {
    const manifest = parseSkillManifest(
      "\uFEFF---\r\nname: notes\r\ndescription: Take notes\r\n---\r\nBody\r\n",
    );
    expect(manifest.name).toBe("notes");
    expect(manifest.body).toBe("Body\r\n");
  });

  it.each([
    ["# No front matter\n", "SKILL.md: no front matter"],
    [skill("name: [unclosed\ndescription: x"), "SKILL.md: the front matter is not valid YAML (line"],
    [skill("description: Does things"), "SKILL.md: the front matter has no `name`"],
    [skill("name: Big_Name\ndescription: x"), 'SKILL.md: `name` "Big_Name": a skill name is lowercase'],
    [skill("name: -dash\ndescription: x"), 'SKILL.md: `name` "-dash"'],
    [skill(`name: ${"a".repeat(65)}\ndescription: x`), "at most 64 characters"],
    [skill("name: 12\ndescription: x"), "SKILL.md: `name` must be a string"],
    [skill("name: ok"), "SKILL.md: the front matter has no `description`"],
    [skill('name: ok\ndescription: "  "'), "SKILL.md: `description` is empty"],
    [skill(`name: ok\ndescription: ${"d".repeat(1025)}`), "`description` has 1025 characters; at most 1024"],
    [skill("name: ok\nname: again\ndescription: x"), "not valid YAML"],
    [skill("- a list\n- not a mapping"), "must be a YAML mapping"],
  ])("refuses a broken SKILL.md, naming the problem (%#)", (text, message) => {
    expect(() => parseSkillManifest(text)).toThrow(expect.objectContaining({ code: "SKILL_INVALID" }));
    expect(() => parseSkillManifest(text)).toThrow(message);
  });
});
