import { lstat, readdir, readFile } from "node:fs/promises";
import { join, relative, resolve, sep } from "node:path";
import { SKILL_LIMITS, type SkillFile } from "@multiclaw/protocol";
import { CliError } from "../cli-error.ts";

/** What a person's tools leave in a folder that is no part of the skill. */
const SKIPPED_FOLDERS = new Set([".git", ".hg", ".svn", "node_modules", "__pycache__"]);
const SKIPPED_FILES = new Set([".DS_Store", "Thumbs.db"]);

export interface ReadSkillFolder {
  files: SkillFile[];
  /** Paths left out (version-control folders, OS litter), to say so. */
  skipped: string[];
}

/**
 * Reads a skill's folder for `multiclaw skills import`: every file, text as UTF-8 and anything else as base64,
 * with `/` paths relative to the folder. The gateway gets the files, never the path, so it cannot be made to
 * read elsewhere. A symbolic link is refused, not followed: one could point at ~/.ssh and send a key away.
 * The skill limits are checked here too, so a large folder fails with its own message before the upload.
 */
export async function readSkillFolder(folder: string): Promise<ReadSkillFolder> {
  const root = resolve(folder);
  const top = await lstat(root).catch(() => undefined);
  if (!top?.isDirectory())
    throw new CliError(`${folder}: not a folder (give the skill's folder, with SKILL.md in it)`);
  const files: SkillFile[] = [];
  const skipped: string[] = [];
  let total = 0;

  async function walk(directory: string): Promise<void> {
    const entries = await readdir(directory, { withFileTypes: true });
    entries.sort((a, b) => (a.name < b.name ? -1 : 1));
    for (const entry of entries) {
      const path = join(directory, entry.name);
      const inSkill = relative(root, path).split(sep).join("/");
      if (entry.isSymbolicLink()) {
        throw new CliError(`${inSkill}: a symbolic link; copy the file into the skill's folder instead`, {
          code: "SKILL_INVALID",
        });
      }
      if (entry.isDirectory()) {
        if (SKIPPED_FOLDERS.has(entry.name)) skipped.push(`${inSkill}/`);
        else await walk(path);
        continue;
      }
      if (!entry.isFile()) throw new CliError(`${inSkill}: not a regular file`, { code: "SKILL_INVALID" });
      if (SKIPPED_FILES.has(entry.name)) {
        skipped.push(inSkill);
        continue;
      }
      const bytes = await readFile(path);
      if (bytes.length > SKILL_LIMITS.fileBytes) {
        throw new CliError(
          `${inSkill}: ${bytes.length} bytes; a skill's file may have at most ${SKILL_LIMITS.fileBytes}`,
          {
            code: "SKILL_TOO_LARGE",
          },
        );
      }
      total += bytes.length;
      if (total > SKILL_LIMITS.totalBytes || files.length >= SKILL_LIMITS.files) {
        throw new CliError(
          `${folder}: more than ${SKILL_LIMITS.files} files or ${SKILL_LIMITS.totalBytes} bytes; too large for a skill`,
          { code: "SKILL_TOO_LARGE" },
        );
      }
      files.push(fileOf(inSkill, bytes));
    }
  }

  await walk(root);
  if (!files.some((file) => file.path === "SKILL.md")) {
    throw new CliError(
      `${folder}: no SKILL.md at the top of the folder; a skill is a folder with SKILL.md in it`,
      {
        code: "SKILL_INVALID",
      },
    );
  }
  return { files, skipped };
}

function fileOf(path: string, bytes: Buffer): SkillFile {
  const text = bytes.toString("utf8");
  // Text only when it reads back to the same bytes (valid UTF-8) and has no NUL; the gateway decides the same.
  return !bytes.includes(0) && Buffer.from(text, "utf8").equals(bytes)
    ? { path, encoding: "utf8", content: text }
    : { path, encoding: "base64", content: bytes.toString("base64") };
}
