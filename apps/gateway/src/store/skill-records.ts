import { SkillDetail, type SkillFileEntry, type SkillFinding, type SkillState } from "@multiclaw/protocol";
import type Database from "libsql";
import { GatewayStoreError } from "./store-error.ts";
import { parseStored, readJson, writeJson } from "./stored-value.ts";

/** A skill's row: everything `show` answers but the body, which is read from its SKILL.md. */
export interface SkillRecord {
  id: string;
  name: string;
  description: string;
  source: string;
  contentHash: string;
  importedAt: string;
  state: SkillState;
  frontMatter: Record<string, unknown>;
  files: SkillFileEntry[];
  findings: SkillFinding[];
}

/** The `skills` table (0005-skills.ts). Names are unique; every call commits before it returns. */
export interface SkillRecords {
  /** By name. */
  list(): SkillRecord[];
  get(name: string): SkillRecord | undefined;
  /** Throws CONFLICT when a skill of that name exists. */
  insert(record: SkillRecord): void;
  /** Answers the record as it now stands, or undefined when there is none. */
  setState(name: string, state: SkillState): SkillRecord | undefined;
  /** Answers whether there was one. */
  delete(name: string): boolean;
}

interface SkillRow {
  id: string;
  name: string;
  description: string;
  source: string;
  content_hash: string;
  imported_at: string;
  state: string;
  front_matter: string;
  files: string;
  findings: string;
}

// Checked with the wire schema: a hand-edited row fails loudly instead of reaching an agent half valid.
const StoredSkill = SkillDetail.omit({ body: true, findingCount: true });

function toRecord(row: SkillRow): SkillRecord {
  const what = `skill ${row.id}`;
  return parseStored(
    StoredSkill,
    {
      id: row.id,
      name: row.name,
      description: row.description,
      source: row.source,
      contentHash: row.content_hash,
      importedAt: row.imported_at,
      state: row.state,
      frontMatter: readJson(row.front_matter, `${what} front matter`),
      files: readJson(row.files, `${what} files`),
      findings: readJson(row.findings, `${what} findings`),
    },
    what,
  );
}

export function createSkillRecords(db: Database.Database): SkillRecords {
  const selectAll = db.prepare("SELECT * FROM skills ORDER BY name");
  const selectByName = db.prepare("SELECT * FROM skills WHERE name = ?");
  const insert = db.prepare(`INSERT INTO skills
    (id, name, description, source, content_hash, imported_at, state, front_matter, files, findings)
    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const update = db.prepare("UPDATE skills SET state = ? WHERE name = ?");
  const remove = db.prepare("DELETE FROM skills WHERE name = ?");

  const get = (name: string) => {
    const row = selectByName.get(name) as SkillRow | undefined;
    return row === undefined ? undefined : toRecord(row);
  };

  return {
    list: () => (selectAll.all() as SkillRow[]).map(toRecord),
    get,
    insert(record) {
      const what = `skill ${record.id}`;
      try {
        insert.run(
          record.id,
          record.name,
          record.description,
          record.source,
          record.contentHash,
          record.importedAt,
          record.state,
          writeJson(record.frontMatter, `${what} front matter`),
          writeJson(record.files, `${what} files`),
          writeJson(record.findings, `${what} findings`),
        );
      } catch (error) {
        if (String((error as { code?: unknown }).code).startsWith("SQLITE_CONSTRAINT")) {
          throw new GatewayStoreError("CONFLICT", `A skill named ${record.name} is already imported`, {
            cause: error,
          });
        }
        throw error;
      }
    },
    setState(name, state) {
      update.run(state, name);
      return get(name);
    },
    delete: (name) => remove.run(name).changes > 0,
  };
}
