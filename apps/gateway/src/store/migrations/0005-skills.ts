import type { StoreMigration } from "../migrate.ts";

/*
 * Imported skills (skills/skill-library.ts): one row per skill, its files in `<data dir>/skills/<id>/`. The
 * front matter, file list and scan findings are JSON, read back through the protocol's schemas. `state` is
 * `review` while a finding waits for a person's approval.
 */
export const skills: StoreMigration = {
  version: 5,
  name: "skills",
  sql: `
    CREATE TABLE skills (
      id TEXT PRIMARY KEY,
      name TEXT NOT NULL UNIQUE,
      description TEXT NOT NULL,
      source TEXT NOT NULL,
      content_hash TEXT NOT NULL,
      imported_at TEXT NOT NULL,
      state TEXT NOT NULL CHECK (state IN ('enabled', 'disabled', 'review')),
      front_matter TEXT NOT NULL,
      files TEXT NOT NULL,
      findings TEXT NOT NULL
    ) STRICT;
  `,
};
