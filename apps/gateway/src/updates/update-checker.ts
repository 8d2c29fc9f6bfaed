import { type UpdateCheckResult, type UpdateStatus, updateManifestPath } from "@multiclaw/protocol";
import { compareVersions } from "./compare-versions.ts";
import { type Installation, updateInstructionFor } from "./install-method.ts";
import { readUpdateManifest } from "./read-update-manifest.ts";
import type { UpdateSettings } from "./update-settings.ts";

/*
 * The update check (row `updates`): one GET of this channel's manifest for this operating system, carrying the
 * version and the OS in the User-Agent and nothing else of ours — no cookie, account, device id or usage data.
 * The answer is believed only once read-update-manifest.ts has verified it. The last outcome is kept in memory
 * for the App to read; a check asked for while one runs joins it.
 */

/** A fetch whose connections go through the egress guard (the gateway's `dispatcherFetch`). */
export type GuardedFetch = (url: string, init: RequestInit) => Promise<Response>;

export interface UpdateCheckerDeps {
  fetch: GuardedFetch;
  /** Lets the `updates` row connect while a check runs; the returned function closes it again. */
  openRow(): () => void;
  /** The keys it believes come apart (trustedKeys), so the settings' extra keys are not read here. */
  settings: Omit<UpdateSettings, "extraTrustedKeys">;
  installedVersion: string;
  /** Base64 raw Ed25519 public keys (trusted-update-keys.ts). */
  trustedKeys: readonly string[];
  installation: Installation;
  now(): Date;
  /** The longest a check waits for the whole answer; 15 s by default. */
  timeoutMs?: number;
}

export interface UpdateChecker {
  /** Checks now (or joins the check in progress) and keeps the outcome. Never rejects. */
  check(): Promise<UpdateCheckResult>;
  status(): UpdateStatus;
}

/** Far larger than any manifest; a bigger answer is not one, and is not read to its end. */
const MAX_MANIFEST_BYTES = 64 * 1024;

/** The body as text, or undefined once it passes `limit` bytes. */
async function readBounded(response: Response, limit: number): Promise<string | undefined> {
  if (!response.body) return "";
  const reader = response.body.getReader();
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > limit) {
      await reader.cancel();
      return undefined;
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks).toString("utf8");
}

/** Whether a fetch failed because the guard refused the `updates` row (the user blocked it). */
function isBlockedByGuard(error: unknown): boolean {
  const cause = (error as { cause?: { code?: unknown; rowId?: unknown } } | undefined)?.cause;
  return cause?.code === "EGRESS_BLOCKED" && cause.rowId === "updates";
}

function describeFailure(error: unknown): string {
  const cause = (error as { cause?: { message?: unknown; code?: unknown } } | undefined)?.cause;
  const detail = cause?.code ?? cause?.message ?? (error instanceof Error ? error.message : String(error));
  return String(detail);
}

export function createUpdateChecker(deps: UpdateCheckerDeps): UpdateChecker {
  const { settings } = deps;
  const timeoutMs = deps.timeoutMs ?? 15_000;
  let last: UpdateCheckResult | null = null;
  let running: Promise<UpdateCheckResult> | undefined;

  async function fetchAndJudge(): Promise<UpdateCheckResult> {
    const checkedAt = deps.now().toISOString();
    const { os } = settings;
    if (!os) {
      const message = `No MultiClaw releases are published for ${process.platform}.`;
      return { kind: "unreachable", checkedAt, message };
    }
    const url = `${settings.baseUrl}${updateManifestPath(settings.channel, os)}`;
    const closeRow = deps.openRow();
    let body: string | undefined;
    try {
      const response = await deps.fetch(url, {
        method: "GET",
        headers: { "user-agent": `MultiClaw/${deps.installedVersion} (${os})`, accept: "application/json" },
        credentials: "omit",
        signal: AbortSignal.timeout(timeoutMs),
      });
      if (!response.ok) {
        await response.body?.cancel();
        const message = `The update server answered ${response.status} for ${url}.`;
        return { kind: "unreachable", checkedAt, message };
      }
      body = await readBounded(response, MAX_MANIFEST_BYTES);
    } catch (error) {
      if (isBlockedByGuard(error)) return { kind: "blocked", checkedAt };
      const message = `The update server at ${settings.baseUrl} could not be reached (${describeFailure(error)}).`;
      return { kind: "unreachable", checkedAt, message };
    } finally {
      closeRow();
    }
    if (body === undefined) {
      const message = `The update server's answer is larger than any manifest (over ${MAX_MANIFEST_BYTES} bytes).`;
      return { kind: "refused", checkedAt, reason: "malformed", message };
    }

    const reading = readUpdateManifest(body, {
      channel: settings.channel,
      os,
      installedVersion: deps.installedVersion,
      trustedKeys: deps.trustedKeys,
      now: deps.now(),
    });
    if (!reading.ok) return { kind: "refused", checkedAt, reason: reading.reason, message: reading.message };
    const { manifest } = reading;
    // read-update-manifest.ts refused anything older; what is left is this version or a newer one.
    if (compareVersions(manifest.version, deps.installedVersion) === 0) {
      return { kind: "up-to-date", checkedAt };
    }
    return {
      kind: "update-available",
      checkedAt,
      version: manifest.version,
      releasedAt: manifest.releasedAt,
      notesUrl: manifest.notesUrl ?? null,
      instruction: updateInstructionFor(deps.installation, manifest),
    };
  }

  return {
    check() {
      running ??= fetchAndJudge()
        .then((result) => {
          last = result;
          return result;
        })
        .finally(() => {
          running = undefined;
        });
      return running;
    },
    status: () => ({
      installedVersion: deps.installedVersion,
      channel: settings.channel,
      os: settings.os ?? null,
      checking: running !== undefined,
      last,
    }),
  };
}
