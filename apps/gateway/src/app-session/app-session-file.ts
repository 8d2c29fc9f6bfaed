import { z } from "zod";
import { PrivateFileError, readPrivateFile, writePrivateFile } from "../credentials/private-file.ts";

/**
 * The App's sessions as the gateway keeps them across restarts: the SHA-256 of each session id and when it ends,
 * never an id itself, so a copy of the file opens nothing. A local file format, not a wire type.
 */
export const AppSessionFile = z.strictObject({
  version: z.literal(1),
  sessions: z.array(
    z.strictObject({
      hash: z.string().regex(/^[A-Za-z0-9_-]{43}$/),
      expiresAt: z.iso.datetime(),
    }),
  ),
});
export type AppSessionFile = z.infer<typeof AppSessionFile>;

/** Session hash → when it ends (epoch ms). */
export type StoredAppSessions = Map<string, number>;

export type AppSessionFileLoad =
  | { ok: true; sessions: StoredAppSessions }
  /** Unusable: not private (someone may have planted a hash in it), or not ours to read. Start from none. */
  | { ok: false; why: string };

export async function readAppSessionFile(path: string): Promise<AppSessionFileLoad> {
  let text: string | null;
  try {
    text = await readPrivateFile(path);
  } catch (error) {
    if (error instanceof PrivateFileError) return { ok: false, why: error.message };
    throw error;
  }
  if (text === null) return { ok: true, sessions: new Map() };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return { ok: false, why: `${path} is not valid JSON` };
  }
  const parsed = AppSessionFile.safeParse(value);
  if (!parsed.success) return { ok: false, why: `${path} is not an App session file` };
  return {
    ok: true,
    sessions: new Map(parsed.data.sessions.map(({ hash, expiresAt }) => [hash, Date.parse(expiresAt)])),
  };
}

/** Replaces the file atomically, 0600 in a 0700 directory. */
export async function writeAppSessionFile(path: string, sessions: StoredAppSessions): Promise<void> {
  const file: AppSessionFile = {
    version: 1,
    sessions: [...sessions].map(([hash, expiresAt]) => ({
      hash,
      expiresAt: new Date(expiresAt).toISOString(),
    })),
  };
  await writePrivateFile(path, `${JSON.stringify(file, null, 2)}\n`);
}
