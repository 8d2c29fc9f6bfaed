import type { UpdateCheckResult, UpdateStatus } from "@multiclaw/protocol";

/*
 * What an update check comes to, in words. Only an available update is worth showing unasked; the rest is said
 * only to the person who chose "Check for updates", and calmly: a blocked row or a server that did not answer
 * changes nothing about the MultiClaw they run.
 */

export type AvailableUpdate = Extract<UpdateCheckResult, { kind: "update-available" }>;

export type SummaryTone = "good" | "news" | "warning" | "quiet";

export interface UpdateCheckSummary {
  tone: SummaryTone;
  headline: string;
  detail: string | null;
  /** The check could not run because the person blocked the `updates` row; the Connections screen undoes it. */
  blockedByUser: boolean;
}

/** The update the last check found, if it found one: shown from launch on, without anyone asking. */
export function availableUpdate(status: UpdateStatus | undefined): AvailableUpdate | null {
  return status?.last?.kind === "update-available" ? status.last : null;
}

/**
 * The answer to "Check for updates".
 *
 * @example
 * summariseUpdateCheck({ kind: "up-to-date", checkedAt }, "0.1.0").headline // "You're up to date"
 */
export function summariseUpdateCheck(
  result: UpdateCheckResult,
  installedVersion: string,
): UpdateCheckSummary {
  const summary = { detail: null, blockedByUser: false };
  switch (result.kind) {
    case "up-to-date":
      return {
        ...summary,
        tone: "good",
        headline: "You're up to date",
        detail: `MultiClaw ${installedVersion} is the newest version.`,
      };
    case "update-available":
      return {
        ...summary,
        tone: "news",
        headline: `MultiClaw ${result.version} is available`,
        detail: `You have ${installedVersion}.`,
      };
    case "refused":
      return { ...summary, tone: "warning", headline: "The update was not trusted", detail: result.message };
    case "blocked":
      return {
        ...summary,
        tone: "quiet",
        headline: "Could not check: update checks are blocked",
        detail: "You blocked the update check in Connections. MultiClaw keeps working as it is.",
        blockedByUser: true,
      };
    case "unreachable":
      return { ...summary, tone: "quiet", headline: `Could not check: ${result.message}`, detail: null };
  }
}
