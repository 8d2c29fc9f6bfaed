import { SKILL_DESCRIPTION_MAX, SkillName } from "@multiclaw/protocol";
import { parseDocument } from "yaml";
import { SkillError } from "./skill-error.ts";

/** SKILL.md read: its front matter as YAML gave it, the two keys every skill must have, and the Markdown body. */
export interface SkillManifest {
  frontMatter: Record<string, unknown>;
  name: string;
  description: string;
  body: string;
}

export const SKILL_FILE = "SKILL.md";

// The block between a first line `---` and the next line that is `---` (or `...`, YAML's document end).
const FRONT_MATTER = /^---[ \t]*\r?\n([\s\S]*?)\r?\n(?:---|\.\.\.)[ \t]*(?:\r?\n|$)/;

function invalid(problem: string): SkillError {
  return new SkillError("SKILL_INVALID", `${SKILL_FILE}: ${problem}`);
}

/**
 * Reads SKILL.md as the Agent Skills spec defines it. Throws SKILL_INVALID naming the file and what is wrong:
 * no front matter, YAML that does not parse (with its line), a missing or malformed `name` or `description`.
 *
 * @example parseSkillManifest("---\nname: pdf\ndescription: Fill PDF forms\n---\n# PDF\n").name // "pdf"
 */
export function parseSkillManifest(text: string): SkillManifest {
  // A byte-order mark is how some editors start a UTF-8 file; it is not part of the front matter.
  const source = text.startsWith("\uFEFF") ? text.slice(1) : text;
  const match = FRONT_MATTER.exec(source);
  if (!match) {
    throw invalid("no front matter: the file must start with a line `---`, the YAML, and a closing `---`");
  }
  const frontMatter = readYaml(match[1] ?? "");
  const name = frontMatter.name;
  if (name === undefined) throw invalid("the front matter has no `name`");
  if (typeof name !== "string") throw invalid("`name` must be a string");
  const checkedName = SkillName.safeParse(name);
  if (!checkedName.success) {
    throw invalid(`\`name\` "${name}": ${checkedName.error.issues[0]?.message ?? "is not valid"}`);
  }
  const description = frontMatter.description;
  if (description === undefined) throw invalid("the front matter has no `description`");
  if (typeof description !== "string") throw invalid("`description` must be a string");
  if (description.trim() === "") throw invalid("`description` is empty");
  if (description.length > SKILL_DESCRIPTION_MAX) {
    throw invalid(`\`description\` has ${description.length} characters; at most ${SKILL_DESCRIPTION_MAX}`);
  }
  return { frontMatter, name, description, body: source.slice(match[0].length) };
}

function readYaml(yaml: string): Record<string, unknown> {
  // Core schema: no timestamps or other types JSON cannot hold; a few aliases at most (no billion laughs).
  const document = parseDocument(yaml, { schema: "core", uniqueKeys: true, prettyErrors: false });
  const error = document.errors[0];
  if (error) {
    // The front matter starts on the file's second line.
    const line = yaml.slice(0, error.pos[0]).split("\n").length + 1;
    const where = ` (line ${line})`;
    throw invalid(`the front matter is not valid YAML${where}: ${error.message.split("\n")[0]}`);
  }
  let value: unknown;
  try {
    value = document.toJS({ maxAliasCount: 50 });
  } catch (cause) {
    throw invalid(`the front matter cannot be read: ${(cause as Error).message}`);
  }
  if (value === null || typeof value !== "object" || Array.isArray(value)) {
    throw invalid("the front matter must be a YAML mapping of keys to values");
  }
  return value as Record<string, unknown>;
}
