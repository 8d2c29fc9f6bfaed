import { z } from "zod";
import { Timestamp } from "./common.schema.ts";
import { ReleaseVersion, UpdateChannel, UpdateOs } from "./updates.schema.ts";

/*
 * The gateway's update check, as the App and the CLI read it (`POST /v1/updates/check`, `GET /v1/updates`).
 * The gateway fetches the signed manifest, verifies it and answers one of five kinds; only `update-available`
 * is something to show the user, `refused` is worth a quiet warning, the others need nothing on screen.
 */

/** How this copy of the product was installed, which decides how it is updated. */
export const InstallMethod = z.enum(["git-checkout", "npm-global", "other"]);
export type InstallMethod = z.infer<typeof InstallMethod>;

/** What the user does to update: run a command (a checkout, an npm install) or download the release. */
export const UpdateInstruction = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("command"), installedAs: InstallMethod, command: z.string() }),
  z.object({ kind: z.literal("download"), installedAs: InstallMethod, url: z.string() }),
]);
export type UpdateInstruction = z.infer<typeof UpdateInstruction>;

/**
 * Why a manifest was not believed. `tampered`: the signature does not match its bytes; `unknown-key`: signed
 * by a key this build does not trust; `expired`: past its `expiresAt`; `downgrade`: older than what is
 * installed; `wrong-target`: made for another product, channel or operating system; `malformed`: not a
 * signed manifest at all.
 */
export const UpdateRefusalReason = z.enum([
  "tampered",
  "unknown-key",
  "expired",
  "downgrade",
  "wrong-target",
  "malformed",
]);
export type UpdateRefusalReason = z.infer<typeof UpdateRefusalReason>;

const checked = { checkedAt: Timestamp };

/** The outcome of one check. */
export const UpdateCheckResult = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("up-to-date"), ...checked }),
  z.object({
    kind: z.literal("update-available"),
    ...checked,
    version: ReleaseVersion,
    releasedAt: z.string(),
    notesUrl: z.string().nullable(),
    instruction: UpdateInstruction,
  }),
  z.object({ kind: z.literal("refused"), ...checked, reason: UpdateRefusalReason, message: z.string() }),
  /** The user blocked the `updates` row: no update is shown, and nothing else changes. */
  z.object({ kind: z.literal("blocked"), ...checked }),
  /** The update server could not be reached or did not answer with a manifest. */
  z.object({ kind: z.literal("unreachable"), ...checked, message: z.string() }),
]);
export type UpdateCheckResult = z.infer<typeof UpdateCheckResult>;

/** What this gateway checks for, and the last check's outcome (null before the first one ends). */
export const UpdateStatus = z.object({
  installedVersion: ReleaseVersion,
  channel: UpdateChannel,
  /** Null where no release is published for this operating system. */
  os: UpdateOs.nullable(),
  checking: z.boolean(),
  last: UpdateCheckResult.nullable(),
});
export type UpdateStatus = z.infer<typeof UpdateStatus>;
