import type { Logger } from "pino";
import { type AppCodes, createAppCodes } from "./app-codes.ts";
import { hashOfAppSecret, newAppSecret } from "./app-secret.ts";
import { AppSessionError } from "./app-session-error.ts";
import { readAppSessionFile, type StoredAppSessions, writeAppSessionFile } from "./app-session-file.ts";

/** How long a session lasts unused; each use moves its end this far ahead. */
export const APP_SESSION_LIFETIME_SECONDS = 30 * 24 * 60 * 60;

/**
 * A use moves a session's end in memory; the file is rewritten only once the end has moved this far, so a page
 * that polls does not write to disk on every call. A crash loses at most this much of a session's extension.
 */
const PERSIST_AFTER_MOVED_MS = 24 * 60 * 60 * 1000;

const DEFAULT_MAX_SESSIONS = 50;

export interface OpenedAppSession {
  /** The secret for the cookie; only its hash is kept. */
  sessionId: string;
  expiresAt: number;
}

export interface AppSessions {
  /** A one-time code for the App's link (`POST /v1/app/codes`). */
  issueCode(): { code: string; expiresAt: number };
  /** Exchanges a code for a new session, stored before this resolves; AUTH_INVALID for a wrong, used or expired code. */
  open(code: string): Promise<OpenedAppSession>;
  /** When the session now ends, moved on by this use; null for an unknown or ended session. */
  touch(sessionId: string): number | null;
  /** Ends the session (nothing happens for an unknown one). */
  close(sessionId: string): Promise<void>;
  /** Resolves once every change so far is on disk. */
  flush(): Promise<void>;
}

export interface AppSessionsDeps {
  now(): number;
  logger: Logger;
  /** Where sessions survive a restart; null keeps them in memory only. */
  file: string | null;
  /** Sessions loaded from the file (hash → end). */
  stored?: StoredAppSessions;
  codes?: AppCodes;
  /** Sessions kept at most; the one closest to its end goes first. */
  maxSessions?: number;
}

interface LiveSession {
  expiresAt: number;
  /** The end the file holds. */
  persistedExpiresAt: number;
}

/**
 * The App's sessions with this gateway: opened by a one-time code, carried by an HttpOnly cookie, ended by the
 * page or by thirty days without use. Only SHA-256 hashes of session ids are kept, in memory and in the file.
 *
 * @example
 * const sessions = await openAppSessions({ file: paths.appSessionsFile, now: Date.now, logger });
 * const { code } = sessions.issueCode();
 * const { sessionId } = await sessions.open(code);
 * sessions.touch(sessionId); // → the session's new end
 */
export function createAppSessions(deps: AppSessionsDeps): AppSessions {
  const codes = deps.codes ?? createAppCodes({ now: deps.now });
  const maxSessions = deps.maxSessions ?? DEFAULT_MAX_SESSIONS;
  const lifetimeMs = APP_SESSION_LIFETIME_SECONDS * 1000;
  const sessions = new Map<string, LiveSession>();
  const loadedAt = deps.now();
  for (const [hash, expiresAt] of deps.stored ?? []) {
    if (expiresAt > loadedAt) sessions.set(hash, { expiresAt, persistedExpiresAt: expiresAt });
  }
  let writing: Promise<void> = Promise.resolve();

  function persist(): Promise<void> {
    const { file } = deps;
    if (file === null) return Promise.resolve();
    // Chained after the previous write whatever became of it, so one failed write does not stop the next.
    writing = writing
      .catch(() => undefined)
      .then(async () => {
        const now = deps.now();
        const snapshot: StoredAppSessions = new Map();
        for (const [hash, session] of sessions) {
          if (session.expiresAt <= now) {
            sessions.delete(hash);
            continue;
          }
          snapshot.set(hash, session.expiresAt);
        }
        await writeAppSessionFile(file, snapshot);
        for (const [hash, expiresAt] of snapshot) {
          const session = sessions.get(hash);
          if (session) session.persistedExpiresAt = Math.max(session.persistedExpiresAt, expiresAt);
        }
      });
    return writing;
  }

  function persistInBackground(): void {
    persist().catch((error: unknown) =>
      deps.logger.error({ err: error }, "saving the App's sessions failed"),
    );
  }

  function dropOldestBeyond(limit: number): void {
    while (sessions.size > limit) {
      let oldest: [string, number] | null = null;
      for (const [hash, session] of sessions) {
        if (!oldest || session.expiresAt < oldest[1]) oldest = [hash, session.expiresAt];
      }
      if (!oldest) return;
      sessions.delete(oldest[0]);
    }
  }

  return {
    issueCode: () => codes.issue(),

    async open(code) {
      if (!codes.redeem(code)) {
        throw new AppSessionError(
          "This App link was already used or has expired; run `multiclaw app` for a new one",
        );
      }
      const sessionId = newAppSecret();
      const expiresAt = deps.now() + lifetimeMs;
      sessions.set(hashOfAppSecret(sessionId), { expiresAt, persistedExpiresAt: 0 });
      dropOldestBeyond(maxSessions);
      // A failed write costs the session only a restart; the page still gets it.
      await persist().catch((error: unknown) =>
        deps.logger.error({ err: error }, "saving the App's sessions failed"),
      );
      return { sessionId, expiresAt };
    },

    touch(sessionId) {
      const hash = hashOfAppSecret(sessionId);
      const session = sessions.get(hash);
      if (!session) return null;
      const now = deps.now();
      if (session.expiresAt <= now) {
        sessions.delete(hash);
        persistInBackground();
        return null;
      }
      session.expiresAt = now + lifetimeMs;
      if (session.expiresAt - session.persistedExpiresAt >= PERSIST_AFTER_MOVED_MS) persistInBackground();
      return session.expiresAt;
    },

    async close(sessionId) {
      if (sessions.delete(hashOfAppSecret(sessionId))) await persist();
    },

    flush: () => writing.catch(() => undefined),
  };
}

/**
 * Loads the sessions kept in `file` (0600) and serves them. A file that is not private, not ours or unreadable
 * is not trusted — a planted hash would be a session someone else holds — so every session starts over (the
 * user runs `multiclaw app` again) and the file is replaced.
 */
export async function openAppSessions(
  deps: Omit<AppSessionsDeps, "stored" | "file"> & { file: string },
): Promise<AppSessions> {
  const loaded = await readAppSessionFile(deps.file);
  if (loaded.ok) return createAppSessions({ ...deps, stored: loaded.sessions });
  deps.logger.warn({ file: deps.file, why: loaded.why }, "ignoring the App's saved sessions");
  await writeAppSessionFile(deps.file, new Map());
  return createAppSessions(deps);
}
