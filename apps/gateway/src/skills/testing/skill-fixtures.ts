import { readdir, readFile } from "node:fs/promises";
import { join, relative, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SkillFile } from "@multiclaw/protocol";

/*
 * Real public skills (Anthropic's brand-guidelines and internal-comms) kept beside the repository in
 * `../shared/fixtures/skills`, read in place and never copied in; and small skills written by the tests.
 */

/** `<repo>/../shared/fixtures/skills` */
export const publicSkillsDirectory = fileURLToPath(
  new URL("../../../../../../shared/fixtures/skills/", import.meta.url),
);

/** Every file of a folder as the CLI sends it: text as UTF-8, anything else base64. */
export async function readSkillFolderForTest(folder: string): Promise<SkillFile[]> {
  const entries = await readdir(folder, { recursive: true, withFileTypes: true });
  const files: SkillFile[] = [];
  for (const entry of entries) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    const bytes = await readFile(path);
    const text = bytes.toString("utf8");
    const isText = !bytes.includes(0) && Buffer.from(text, "utf8").equals(bytes);
    files.push({
      path: relative(folder, path).split(sep).join("/"),
      encoding: isText ? "utf8" : "base64",
      content: isText ? text : bytes.toString("base64"),
    });
  }
  return files;
}

export function publicSkillFiles(name: "brand-guidelines" | "internal-comms"): Promise<SkillFile[]> {
  return readSkillFolderForTest(join(publicSkillsDirectory, name));
}

/** A skill of one SKILL.md with the given name and body (and any other files). */
export function writtenSkill(name: string, body: string, others: SkillFile[] = []): SkillFile[] {
  const content = `---\nname: ${name}\ndescription: A skill written by a test.\n---\n${body}`;
  return [{ path: "SKILL.md", encoding: "utf8", content }, ...others];
}
