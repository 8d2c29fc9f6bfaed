import type { StoreMigration } from "../migrate.ts";

/*
 * What an assistant message cost (its model call's token usage, JSON) and what an approval request showed:
 * the connection rows the call may open (JSON) and when it expires; `expired` marks a request denied because
 * nobody decided in time. Rows written before this step have NULL there, which reads as "not recorded".
 */
export const usageAndApprovalReach: StoreMigration = {
  version: 4,
  name: "message usage and approval reach",
  sql: `
    ALTER TABLE messages ADD COLUMN usage TEXT;
    ALTER TABLE approvals ADD COLUMN connections TEXT;
    ALTER TABLE approvals ADD COLUMN expires_at TEXT;
    ALTER TABLE approvals ADD COLUMN expired INTEGER NOT NULL DEFAULT 0;
  `,
};
