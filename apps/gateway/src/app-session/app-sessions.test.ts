import { chmod, mkdir, mkdtemp, readFile, rm, stat, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { pino } from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { hashOfAppSecret } from "./app-secret.ts";
import {
  APP_SESSION_LIFETIME_SECONDS,
  type AppSessions,
  createAppSessions,
  openAppSessions,
} from "./app-sessions.ts";

const DAY_MS = 24 * 60 * 60 * 1000;
const LIFETIME_MS = APP_SESSION_LIFETIME_SECONDS * 1000;
const logger = pino({ level: "silent" });

let directory: string;
let file: string;
let now: number;
const clock = () => now;

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "multiclaw-app-sessions-"));
  file = join(directory, "gateway", "app-sessions.json");
  now = Date.parse("2026-12-07T08:00:00Z");
});
afterEach(async () => {
  await rm(directory, { recursive: true, force: true });
});

const open = () => openAppSessions({ file, now: clock, logger });

async function signedIn(sessions: AppSessions) {
  return sessions.open(sessions.issueCode().code);
}

describe("the App's sessions", () => {
  it("opens a session for a code once, and refuses the code again with AUTH_INVALID", async () => {
    const sessions = await open();
    const { code } = sessions.issueCode();
    const session = await sessions.open(code);
    expect(session.expiresAt).toBe(now + LIFETIME_MS);
    expect(sessions.touch(session.sessionId)).toBe(now + LIFETIME_MS);
    await expect(sessions.open(code)).rejects.toMatchObject({
      code: "AUTH_INVALID",
      message: expect.stringContaining("multiclaw app"),
    });
  });

  it("refuses an expired code", async () => {
    const sessions = await open();
    const { code } = sessions.issueCode();
    now += 10 * 60 * 1000;
    await expect(sessions.open(code)).rejects.toMatchObject({ code: "AUTH_INVALID" });
  });

  it("moves a session's end on with each use, and ends it after thirty days unused", async () => {
    const sessions = await open();
    const { sessionId } = await signedIn(sessions);
    now += 20 * DAY_MS;
    expect(sessions.touch(sessionId)).toBe(now + LIFETIME_MS);
    now += LIFETIME_MS - 1;
    expect(sessions.touch(sessionId)).not.toBeNull();
    now += LIFETIME_MS;
    expect(sessions.touch(sessionId)).toBeNull();
  });

  it("knows no session id it did not issue", async () => {
    const sessions = await open();
    await signedIn(sessions);
    expect(sessions.touch("x".repeat(43))).toBeNull();
  });

  it("ends a closed session", async () => {
    const sessions = await open();
    const { sessionId } = await signedIn(sessions);
    await sessions.close(sessionId);
    expect(sessions.touch(sessionId)).toBeNull();
  });

  it("keeps a bounded number of sessions, ending the one closest to its end first", async () => {
    const sessions = createAppSessions({ now: clock, logger, file: null, maxSessions: 2 });
    const oldest = await signedIn(sessions);
    now += DAY_MS;
    const middle = await signedIn(sessions);
    now += DAY_MS;
    sessions.touch(oldest.sessionId);
    now += DAY_MS;
    const newest = await signedIn(sessions);
    expect(sessions.touch(middle.sessionId)).toBeNull();
    expect(sessions.touch(oldest.sessionId)).not.toBeNull();
    expect(sessions.touch(newest.sessionId)).not.toBeNull();
  });

  it("survives a restart, keeping only hashes in a 0600 file", async () => {
    const first = await open();
    const kept = await signedIn(first);
    const closed = await signedIn(first);
    await first.close(closed.sessionId);
    await first.flush();

    const text = await readFile(file, "utf8");
    expect(text).not.toContain(kept.sessionId);
    expect(text).toContain(hashOfAppSecret(kept.sessionId));
    expect((await stat(file)).mode & 0o777).toBe(0o600);

    const restarted = await open();
    expect(restarted.touch(kept.sessionId)).toBe(now + LIFETIME_MS);
    expect(restarted.touch(closed.sessionId)).toBeNull();
  });

  it("saves a session's moved end, so a restart keeps a session that is in use", async () => {
    const first = await open();
    const { sessionId } = await signedIn(first);
    now += 25 * DAY_MS;
    first.touch(sessionId);
    await first.flush();
    now += 25 * DAY_MS;
    const restarted = await open();
    expect(restarted.touch(sessionId)).not.toBeNull();
  });

  it("does not trust a file others could have written: every session starts over", async () => {
    const first = await open();
    const { sessionId } = await signedIn(first);
    await first.flush();
    await chmod(file, 0o666);
    const restarted = await open();
    expect(restarted.touch(sessionId)).toBeNull();
    expect((await stat(file)).mode & 0o777).toBe(0o600);
  });

  it("starts over from a file that is not a session file", async () => {
    await mkdir(dirname(file), { recursive: true, mode: 0o700 });
    await writeFile(file, "{ not json", { mode: 0o600 });
    const sessions = await open();
    expect(JSON.parse(await readFile(file, "utf8"))).toEqual({ version: 1, sessions: [] });
    const { sessionId } = await signedIn(sessions);
    expect(sessions.touch(sessionId)).not.toBeNull();
  });
});
