import { createHash } from "node:crypto";
import { SKILL_LIMITS, type SkillFile } from "@multiclaw/protocol";
import { findHiddenCharacters } from "./hidden-characters.ts";
import { SkillError } from "./skill-error.ts";
import { SKILL_FILE } from "./skill-manifest.ts";

/** A file of an imported skill, checked: a safe relative path, its bytes, and its text when it is text. */
export interface CheckedSkillFile {
  path: string;
  bytes: Buffer;
  text: string | null;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

/**
 * Checks the files a client sent before anything is written: every path stays inside the skill's folder (no
 * `..`, no absolute or drive paths, no backslashes, no control or invisible characters, no two paths that one
 * case-insensitive disk would merge), SKILL.md is at the top, and the counts and sizes are within
 * SKILL_LIMITS. Answers the files sorted by path.
 */
export function checkSkillFiles(files: readonly SkillFile[]): CheckedSkillFile[] {
  if (files.length > SKILL_LIMITS.files) {
    throw new SkillError(
      "SKILL_TOO_LARGE",
      `The skill has ${files.length} files; at most ${SKILL_LIMITS.files}`,
    );
  }
  const seen = new Map<string, string>();
  let total = 0;
  const checked = files.map((file) => {
    checkPath(file.path);
    const folded = file.path.toLowerCase();
    const earlier = seen.get(folded);
    if (earlier !== undefined) {
      throw new SkillError(
        "SKILL_INVALID",
        `${file.path}: sent twice (or as ${earlier}, which differs only in case)`,
      );
    }
    seen.set(folded, file.path);
    const bytes = decode(file);
    if (bytes.length > SKILL_LIMITS.fileBytes) {
      throw new SkillError(
        "SKILL_TOO_LARGE",
        `${file.path}: ${bytes.length} bytes; a skill's file may have at most ${SKILL_LIMITS.fileBytes}`,
      );
    }
    total += bytes.length;
    return { path: file.path, bytes, text: textOf(bytes) };
  });
  // `docs` and `docs/a.md` cannot both be written: one name cannot be a file and a folder.
  for (const file of checked) {
    const parts = file.path.split("/");
    for (let depth = 1; depth < parts.length; depth++) {
      const folder = seen.get(parts.slice(0, depth).join("/").toLowerCase());
      if (folder !== undefined) {
        throw new SkillError("SKILL_INVALID", `${file.path}: its folder ${folder} is also sent as a file`);
      }
    }
  }
  if (total > SKILL_LIMITS.totalBytes) {
    throw new SkillError(
      "SKILL_TOO_LARGE",
      `The skill's files have ${total} bytes together; at most ${SKILL_LIMITS.totalBytes}`,
    );
  }
  if (seen.get(SKILL_FILE.toLowerCase()) !== SKILL_FILE) {
    throw new SkillError(
      "SKILL_INVALID",
      `${SKILL_FILE}: missing; a skill is a folder with ${SKILL_FILE} at its top`,
    );
  }
  return checked.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

function checkPath(path: string): void {
  const refuse = (why: string) => new SkillError("SKILL_INVALID", `${JSON.stringify(path)}: ${why}`);
  if (path.length > SKILL_LIMITS.pathLength)
    throw refuse(`a path has at most ${SKILL_LIMITS.pathLength} characters`);
  // biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what this refuses.
  if (/[\u0000-\u001f\u007f]/.test(path)) throw refuse("control characters in a file name");
  if (findHiddenCharacters(path).length > 0) throw refuse("invisible characters in a file name");
  if (path.includes("\\")) throw refuse("use / between folders (a backslash is not allowed)");
  if (path.startsWith("/") || /^[A-Za-z]:/.test(path))
    throw refuse("the path must be relative to the skill's folder");
  for (const segment of path.split("/")) {
    if (segment === "" || segment === "." || segment === "..") {
      throw refuse("the path leaves the skill's folder or has an empty part (no `..`, `.` or `//`)");
    }
  }
}

function decode(file: SkillFile): Buffer {
  if (file.encoding === "utf8") return Buffer.from(file.content, "utf8");
  if (file.content.length % 4 !== 0 || !BASE64.test(file.content)) {
    throw new SkillError("SKILL_INVALID", `${file.path}: the content is not valid base64`);
  }
  return Buffer.from(file.content, "base64");
}

/** Text is valid UTF-8 without NUL bytes; anything else is kept as bytes and cannot be scanned. */
function textOf(bytes: Buffer): string | null {
  if (bytes.includes(0)) return null;
  try {
    return strictUtf8.decode(bytes);
  } catch {
    return null;
  }
}

/** sha256 over each file's path, length and bytes, in path order: equal for equal folders, whatever the order sent. */
export function skillContentHash(files: readonly CheckedSkillFile[]): string {
  const hash = createHash("sha256");
  for (const file of files) {
    hash.update(`${file.path}\0${file.bytes.length}\0`);
    hash.update(file.bytes);
  }
  return hash.digest("hex");
}
