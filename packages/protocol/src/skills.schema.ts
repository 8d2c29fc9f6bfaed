import { z } from "zod";
import { prefixedId, Timestamp } from "./common.schema.ts";

/*
 * Skills on the gateway, in Anthropic's Agent Skills format: a folder with `SKILL.md` (YAML front matter with
 * `name` and `description`, then Markdown instructions) and resource files. The CLI reads the folder and sends
 * its files in the body, so the gateway is never told to read a path of the caller's choosing. Every imported
 * skill is scanned; one with findings stays in `review` (unusable) until a person approves it.
 */

/** How much one skill may hold. The local API's 2 MiB body limit fits the largest skill sent as base64. */
export const SKILL_LIMITS = {
  files: 200,
  fileBytes: 512 * 1024,
  totalBytes: 1024 * 1024,
  pathLength: 240,
} as const;

export const SkillId = prefixedId("skl");

/**
 * The Agent Skills spec's name: 1–64 lowercase letters, digits and hyphens, no hyphen at either end or twice in
 * a row.
 */
export const SkillName = z
  .string()
  .max(64, "a skill name has at most 64 characters")
  .regex(
    /^[a-z0-9]+(-[a-z0-9]+)*$/,
    "a skill name is lowercase letters, digits and single hyphens, not starting or ending with one",
  );
export const SKILL_DESCRIPTION_MAX = 1024;

/** A file of the skill's folder, by its path inside the folder (`/` separated). Binary files come as base64. */
export const SkillFile = z.strictObject({
  path: z.string().min(1).max(SKILL_LIMITS.pathLength),
  encoding: z.enum(["utf8", "base64"]),
  content: z.string(),
});
export type SkillFile = z.infer<typeof SkillFile>;

export const ImportSkillRequest = z.strictObject({
  /** Where the files were read from, as the person typed it; shown, never opened by the gateway. */
  source: z.string().min(1).max(1000),
  /** Counted against SKILL_LIMITS by the gateway (SKILL_TOO_LARGE names the limit). */
  files: z.array(SkillFile).min(1).max(10_000),
});
export type ImportSkillRequest = z.infer<typeof ImportSkillRequest>;

/** `review`: the scan found something; no agent may use it until a person approves. */
export const SkillState = z.enum(["enabled", "disabled", "review"]);
export type SkillState = z.infer<typeof SkillState>;

export const SkillScanRule = z.enum([
  /** A download piped into a shell or evaluated (`curl … | sh`, `iwr … | iex`). */
  "pipe-to-shell",
  /** A long base64 or hex run: something hidden from a reader. */
  "encoded-blob",
  /** A read of credential files or keys (~/.ssh, .aws/credentials, .env, keychains, cookie stores…). */
  "credential-read",
  /** Zero-width, bidirectional-control or tag characters a reader cannot see. */
  "hidden-unicode",
  /** A file that is not text, so it could not be scanned. */
  "binary-file",
]);
export type SkillScanRule = z.infer<typeof SkillScanRule>;

export const SkillFindingSeverity = z.enum(["high", "medium", "low"]);
export type SkillFindingSeverity = z.infer<typeof SkillFindingSeverity>;

export const SkillFinding = z.object({
  rule: SkillScanRule,
  severity: SkillFindingSeverity,
  /** The file's path inside the skill. */
  file: z.string(),
  /** 1-based; 0 for a finding about the whole file. */
  line: z.number().int().nonnegative(),
  /** A short part of the line, hidden characters shown as `<U+200B>`. */
  excerpt: z.string(),
  message: z.string(),
});
export type SkillFinding = z.infer<typeof SkillFinding>;

export const SkillSummary = z.object({
  id: SkillId,
  name: SkillName,
  description: z.string(),
  source: z.string(),
  /** sha256 over the files' paths and bytes, in path order (hex). */
  contentHash: z.string(),
  importedAt: Timestamp,
  state: SkillState,
  findingCount: z.number().int().nonnegative(),
});
export type SkillSummary = z.infer<typeof SkillSummary>;

export const SkillList = z.object({ skills: z.array(SkillSummary) });
export type SkillList = z.infer<typeof SkillList>;

export const SkillFileEntry = z.object({
  path: z.string(),
  bytes: z.number().int().nonnegative(),
  binary: z.boolean(),
});
export type SkillFileEntry = z.infer<typeof SkillFileEntry>;

export const SkillDetail = SkillSummary.extend({
  /** The front matter as YAML read it (`name`, `description` and any other keys). */
  frontMatter: z.record(z.string(), z.unknown()),
  /** SKILL.md after its front matter. */
  body: z.string(),
  files: z.array(SkillFileEntry),
  findings: z.array(SkillFinding),
});
export type SkillDetail = z.infer<typeof SkillDetail>;

export const SkillParams = z.strictObject({ name: SkillName });
export type SkillParams = z.infer<typeof SkillParams>;
