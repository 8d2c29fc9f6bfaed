import { existsSync } from "node:fs";
import { readdir, readFile } from "node:fs/promises";
import { dirname, join, relative, resolve, sep } from "node:path";
import { fileURLToPath } from "node:url";
import type { SkillFile } from "@multiclaw/protocol";

/*
 * Real public skills (Anthropic's brand-guidelines and internal-comms) kept beside the repository in
 * `../shared/fixtures/skills`, read in place and never copied in; and small skills written by the tests.
 */

const repositoryRoot = fileURLToPath(new URL("../../../../../", import.meta.url));

/**
 * Where the shared fixtures are: `MULTICLAW_SHARED_DIR` when set, else the `shared` folder beside the
 * repository — or beside one of its parents, for a clone made one level deeper (a CI checkout).
 */
function findPublicSkills(): string {
  const candidates = process.env.MULTICLAW_SHARED_DIR
    ? [resolve(process.env.MULTICLAW_SHARED_DIR)]
    : ancestorsOf(repositoryRoot).map((folder) => join(folder, "shared"));
  for (const shared of candidates) {
    const skills = join(shared, "fixtures", "skills");
    if (existsSync(join(skills, "brand-guidelines", "SKILL.md"))) return skills;
  }
  throw new Error(
    `The public skills the tests read were not found in ${candidates.map((c) => join(c, "fixtures", "skills")).join(", ")}: ` +
      "keep the shared folder beside the repository, or set MULTICLAW_SHARED_DIR to it",
  );
}

function ancestorsOf(folder: string): string[] {
  const parents: string[] = [];
  for (let current = dirname(folder); ; current = dirname(current)) {
    parents.push(current);
    if (dirname(current) === current) return parents;
  }
}

/** `<repo>/../shared/fixtures/skills`, found as above. */
export const publicSkillsDirectory = findPublicSkills();

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
