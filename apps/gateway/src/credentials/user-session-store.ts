import { deletePrivateFile, PrivateFileError, readPrivateFile, writePrivateFile } from "./private-file.ts";
import { UserSessionFile } from "./user-session-file.ts";

/** Why the user session file cannot be used; the user then counts as signed out. */
export class UserSessionFileError extends Error {
  readonly code = "AUTH_REQUIRED";
  constructor(
    readonly path: string,
    readonly problem: "insecure-permissions" | "foreign-owner" | "not-a-file" | "malformed",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "UserSessionFileError";
  }
}

/** The user session file: 0600 in the 0700 config directory (see private-file.ts for what is refused). */
export interface UserSessionStore {
  readonly path: string;
  /** The session, or null when there is none (never signed in as a user, or signed out). */
  read(): Promise<UserSessionFile | null>;
  write(session: UserSessionFile): Promise<void>;
  /**
   * Saves a rotated refresh token in place of the one it was rotated from, and resolves once that is durable.
   * Writes nothing when the file no longer holds `presented` (signed out, or another sign-in replaced it), so a
   * refresh racing a sign-out or a new sign-in cannot bring an old session back. Resolves whether it wrote.
   */
  replaceRefreshToken(presented: string, rotated: string): Promise<boolean>;
  /** Removes the file; returns whether there was one. */
  delete(): Promise<boolean>;
}

/**
 * The store of the user session file. Operations are serialised, so a rotation, a sign-in and a sign-out
 * cannot interleave.
 *
 * @example
 * const store = createUserSessionStore({ path: userSessionPath(paths.configDir) });
 * const session = await store.read();
 */
export function createUserSessionStore(options: { path: string; now?: () => Date }): UserSessionStore {
  const { path } = options;
  const now = options.now ?? (() => new Date());
  let queue: Promise<unknown> = Promise.resolve();

  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function read(): Promise<UserSessionFile | null> {
    let text: string | null;
    try {
      text = await readPrivateFile(path);
    } catch (error) {
      if (error instanceof PrivateFileError) {
        throw new UserSessionFileError(path, error.problem, error.message, { cause: error });
      }
      throw error;
    }
    if (text === null) return null;
    let json: unknown;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw new UserSessionFileError(path, "malformed", `${path} is not valid JSON; sign in again`, {
        cause: error,
      });
    }
    const parsed = UserSessionFile.safeParse(json);
    if (!parsed.success) {
      // The issues name fields, never values, so the refresh token cannot leak into the message.
      const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
      throw new UserSessionFileError(path, "malformed", `${path} is not a user session (${fields})`);
    }
    return parsed.data;
  }

  async function write(session: UserSessionFile): Promise<void> {
    await writePrivateFile(path, `${JSON.stringify(UserSessionFile.parse(session), null, 2)}\n`);
  }

  return {
    path,
    read: () => serialised(read),
    write: (session) => serialised(() => write(session)),
    replaceRefreshToken: (presented, rotated) =>
      serialised(async () => {
        const current = await read().catch(() => null);
        if (current?.refreshToken !== presented) return false;
        await write({ ...current, refreshToken: rotated, savedAt: now().toISOString() });
        return true;
      }),
    delete: () => serialised(() => deletePrivateFile(path)),
  };
}
