import type { UpdateCheckResult } from "@multiclaw/protocol";
import { describe, expect, it } from "vitest";
import { availableUpdate, summariseUpdateCheck } from "./update-check-summary.ts";

const checkedAt = "2026-12-07T06:00:00.000Z";
const offered: UpdateCheckResult = {
  kind: "update-available",
  checkedAt,
  version: "1.2.3",
  releasedAt: "2026-12-01T00:00:00.000Z",
  notesUrl: "https://multiclaw.io/releases/1.2.3",
  instruction: { kind: "command", installedAs: "npm-global", command: "npm install -g multiclaw@1.2.3" },
};
const status = (last: UpdateCheckResult | null) => ({
  installedVersion: "0.1.0",
  channel: "stable" as const,
  os: "linux" as const,
  checking: false,
  last,
});

describe("availableUpdate", () => {
  it("is the last check's offer, and nothing for any other outcome", () => {
    expect(availableUpdate(status(offered))).toBe(offered);
    expect(availableUpdate(status(null))).toBeNull();
    expect(availableUpdate(undefined)).toBeNull();
    for (const last of [
      { kind: "up-to-date", checkedAt },
      { kind: "refused", checkedAt, reason: "tampered", message: "changed" },
      { kind: "blocked", checkedAt },
      { kind: "unreachable", checkedAt, message: "no answer" },
    ] as const) {
      expect(availableUpdate(status(last))).toBeNull();
    }
  });
});

describe("summariseUpdateCheck", () => {
  it("says up to date with the version installed", () => {
    expect(summariseUpdateCheck({ kind: "up-to-date", checkedAt }, "0.1.0")).toMatchObject({
      tone: "good",
      headline: "You're up to date",
      detail: "MultiClaw 0.1.0 is the newest version.",
    });
  });

  it("names the offered version", () => {
    expect(summariseUpdateCheck(offered, "0.1.0").headline).toBe("MultiClaw 1.2.3 is available");
  });

  it("gives the gateway's own reason for a refused manifest", () => {
    const refused = summariseUpdateCheck(
      { kind: "refused", checkedAt, reason: "downgrade", message: "The update server offers 0.0.1, older." },
      "0.1.0",
    );
    expect(refused).toMatchObject({ tone: "warning", detail: "The update server offers 0.0.1, older." });
  });

  it("says calmly why it could not check, pointing a blocked row to Connections", () => {
    expect(summariseUpdateCheck({ kind: "blocked", checkedAt }, "0.1.0")).toMatchObject({
      tone: "quiet",
      headline: "Could not check: update checks are blocked",
      blockedByUser: true,
    });
    expect(
      summariseUpdateCheck({ kind: "unreachable", checkedAt, message: "no answer from cdn" }, "0.1.0"),
    ).toMatchObject({ tone: "quiet", headline: "Could not check: no answer from cdn", blockedByUser: false });
  });
});
