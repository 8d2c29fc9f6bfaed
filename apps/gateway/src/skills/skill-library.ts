import { mkdir, open, readdir, readFile, rename, rm } from "node:fs/promises";
import { dirname, join } from "node:path";
import type { ImportSkillRequest, SkillDetail, SkillState, SkillSummary } from "@multiclaw/protocol";
import type { SkillRecord, SkillRecords } from "../store/skill-records.ts";
import { SkillError } from "./skill-error.ts";
import { type CheckedSkillFile, checkSkillFiles, skillContentHash } from "./skill-files.ts";
import { parseSkillManifest, SKILL_FILE } from "./skill-manifest.ts";
import { scanSkill } from "./skill-scanner.ts";

export interface SkillLibraryDeps {
  /** Where each skill's folder lives, `<data dir>/skills/<id>/`; made 0700 on the first import. */
  directory: string;
  records: SkillRecords;
  now: () => Date;
  /** A new `skl_` id. */
  newId: () => string;
}

/** The gateway's imported skills: files on disk, a record in the store, a scan before any agent may use one. */
export interface SkillLibrary {
  /** By name. */
  list(): Promise<SkillSummary[]>;
  /** NOT_FOUND for an unknown name. */
  show(name: string): Promise<SkillDetail>;
  /**
   * Checks, scans and stores a skill sent as its files. SKILL_INVALID or SKILL_TOO_LARGE name what is wrong;
   * CONFLICT when the name is taken. A skill with findings is stored in `review`, one without in `enabled`.
   */
  import(request: ImportSkillRequest): Promise<SkillDetail>;
  /** `review` → `enabled`: a person read the findings. CONFLICT from any other state. */
  approve(name: string): Promise<SkillSummary>;
  /** `disabled` → `enabled` (an enabled skill stays so). CONFLICT while it waits for review. */
  enable(name: string): Promise<SkillSummary>;
  /** `enabled` → `disabled` (a disabled one stays so). CONFLICT while it waits for review: it already is. */
  disable(name: string): Promise<SkillSummary>;
  /** Deletes the record, then the files. */
  remove(name: string): Promise<void>;
  /**
   * Deletes what a crash left behind: a temp folder of an import that did not finish, or a folder whose record
   * was never written or was already deleted. Run once at start, before the API serves.
   */
  sweep(): Promise<void>;
}

const IMPORTING = ".import-";

export function summaryOf(record: SkillRecord): SkillSummary {
  const { id, name, description, source, contentHash, importedAt, state, findings } = record;
  return { id, name, description, source, contentHash, importedAt, state, findingCount: findings.length };
}

/**
 * @example
 * const skills = createSkillLibrary({ directory: join(dataDir, "skills"), records: store.skills, now, newId });
 * await skills.sweep();
 * const skill = await skills.import({ source: "./pdf", files: [{ path: "SKILL.md", encoding: "utf8", content }] });
 */
export function createSkillLibrary(deps: SkillLibraryDeps): SkillLibrary {
  const { directory, records } = deps;
  const folderOf = (id: string) => join(directory, id);

  function existing(name: string): SkillRecord {
    const record = records.get(name);
    if (!record) throw new SkillError("NOT_FOUND", `No skill named ${name}`);
    return record;
  }

  function move(
    name: string,
    to: SkillState,
    allowedFrom: readonly SkillState[],
    refusal: string,
  ): SkillSummary {
    const record = existing(name);
    if (record.state === to) return summaryOf(record);
    if (!allowedFrom.includes(record.state)) throw new SkillError("CONFLICT", `${name}: ${refusal}`);
    const moved = records.setState(name, to);
    if (!moved) throw new SkillError("NOT_FOUND", `No skill named ${name}`);
    return summaryOf(moved);
  }

  async function show(name: string): Promise<SkillDetail> {
    const record = existing(name);
    const text = await readFile(join(folderOf(record.id), SKILL_FILE), "utf8");
    return {
      ...summaryOf(record),
      frontMatter: record.frontMatter,
      body: parseSkillManifest(text).body,
      files: record.files,
      findings: record.findings,
    };
  }

  return {
    list: async () => records.list().map(summaryOf),
    show,

    async import(request) {
      const files = checkSkillFiles(request.files);
      const manifestFile = files.find((file) => file.path === SKILL_FILE);
      if (manifestFile?.text == null) {
        throw new SkillError("SKILL_INVALID", `${SKILL_FILE}: not UTF-8 text`);
      }
      const manifest = parseSkillManifest(manifestFile.text);
      const taken = records.get(manifest.name);
      if (taken) {
        throw new SkillError(
          "CONFLICT",
          `A skill named ${manifest.name} is already imported (from ${taken.source}); remove it first`,
        );
      }
      const findings = scanSkill(files);
      const record: SkillRecord = {
        id: deps.newId(),
        name: manifest.name,
        description: manifest.description,
        source: request.source,
        contentHash: skillContentHash(files),
        importedAt: deps.now().toISOString(),
        state: findings.length > 0 ? "review" : "enabled",
        frontMatter: manifest.frontMatter,
        files: files.map((file) => ({
          path: file.path,
          bytes: file.bytes.length,
          binary: file.text === null,
        })),
        findings,
      };
      // Written whole under a temp name, then renamed: a crash leaves a temp folder (swept), never half a skill.
      const staging = join(directory, `${IMPORTING}${record.id}`);
      try {
        await writeFolder(staging, files);
        await rename(staging, folderOf(record.id));
      } catch (error) {
        await rm(staging, { recursive: true, force: true });
        throw error;
      }
      try {
        records.insert(record);
      } catch (error) {
        // Another import took the name meanwhile: its files stay, these go.
        await rm(folderOf(record.id), { recursive: true, force: true });
        throw error;
      }
      return show(record.name);
    },

    approve: async (name) =>
      move(name, "enabled", ["review"], "it is not waiting for review; use enable for a disabled skill"),
    enable: async (name) =>
      move(name, "enabled", ["disabled"], "it waits for review: read its findings, then approve it"),
    disable: async (name) =>
      move(name, "disabled", ["enabled"], "it waits for review, so no agent may use it already"),

    async remove(name) {
      const record = existing(name);
      // The record first: once it is gone no agent finds the skill; a folder left by a crash is swept.
      records.delete(name);
      await rm(folderOf(record.id), { recursive: true, force: true });
    },

    async sweep() {
      let entries: string[];
      try {
        entries = await readdir(directory);
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === "ENOENT") return;
        throw error;
      }
      const known = new Set(records.list().map((record) => record.id));
      for (const entry of entries) {
        if (!known.has(entry)) await rm(join(directory, entry), { recursive: true, force: true });
      }
    },
  };
}

/** Each file created new (never over an existing one or through a link), flushed to disk before the rename. */
async function writeFolder(folder: string, files: readonly CheckedSkillFile[]): Promise<void> {
  await mkdir(dirname(folder), { recursive: true, mode: 0o700 });
  await mkdir(folder, { mode: 0o700 });
  for (const file of files) {
    const path = join(folder, ...file.path.split("/"));
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    const handle = await open(path, "wx", 0o600);
    try {
      await handle.writeFile(file.bytes);
      await handle.sync();
    } finally {
      await handle.close();
    }
  }
}
