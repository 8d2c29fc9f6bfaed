import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { chmod, lstat, mkdir, open, readFile, rename, rm, stat } from "node:fs/promises";
import { dirname } from "node:path";

/** 32 random bytes, base64url without padding. */
const TOKEN_PATTERN = /^[A-Za-z0-9_-]{43}$/;
const GROUP_OR_OTHER = 0o077;

/**
 * The local API's bearer token, kept in a file only the user can read (0600 in a 0700 directory) so that the
 * CLI and the App of the same user can read it and nothing else on the machine can. A token already in the file
 * is kept across restarts (clients that hold it keep working), unless the file is not a plain file, is readable
 * by others — then the token may have leaked — or does not hold a token; then a new one replaces it.
 *
 * The file holds the token and a newline, nothing else.
 *
 * @example
 * const token = await ensureApiToken(join(home, "gateway", "api-token"));
 */
export async function ensureApiToken(tokenFile: string): Promise<string> {
  await ensurePrivateDirectory(dirname(tokenFile));
  const existing = await readPrivateToken(tokenFile);
  if (existing) return existing;
  const token = randomBytes(32).toString("base64url");
  await writePrivateFile(tokenFile, `${token}\n`);
  return token;
}

/** Compares a presented token with the expected one in constant time (lengths included, through digests). */
export function tokenMatches(expected: string, presented: string): boolean {
  const a = createHash("sha256").update(expected).digest();
  const b = createHash("sha256").update(presented).digest();
  return timingSafeEqual(a, b);
}

async function ensurePrivateDirectory(directory: string): Promise<void> {
  await mkdir(directory, { recursive: true, mode: 0o700 });
  const info = await stat(directory);
  if (!info.isDirectory()) throw new Error(`${directory} is not a directory`);
  // mkdir leaves an existing directory as it was; the token must not sit where others can list or swap it.
  if ((info.mode & GROUP_OR_OTHER) !== 0) await chmod(directory, 0o700);
}

async function readPrivateToken(tokenFile: string): Promise<string | null> {
  const info = await lstat(tokenFile).catch((error: NodeJS.ErrnoException) => {
    if (error.code === "ENOENT") return null;
    throw error;
  });
  if (!info?.isFile() || (info.mode & GROUP_OR_OTHER) !== 0) return null;
  const text = (await readFile(tokenFile, "utf8")).trim();
  return TOKEN_PATTERN.test(text) ? text : null;
}

/** Writes beside the target and renames over it, so a reader never sees a half-written or wider-mode file. */
async function writePrivateFile(path: string, content: string): Promise<void> {
  const temporary = `${path}.${randomBytes(6).toString("hex")}.tmp`;
  const handle = await open(temporary, "wx", 0o600);
  try {
    await handle.writeFile(content, "utf8");
    await handle.sync();
  } finally {
    await handle.close();
  }
  try {
    // The umask may have narrowed the mode further; the contract is exactly 0600.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw error;
  }
}
