import { DeviceCredential } from "./device-credential.ts";
import { deletePrivateFile, PrivateFileError, readPrivateFile, writePrivateFile } from "./private-file.ts";

/** Why the credential file cannot be used; the gateway then counts as not signed in. */
export class CredentialFileError extends Error {
  readonly code = "NOT_SIGNED_IN";
  constructor(
    readonly path: string,
    readonly problem: "insecure-permissions" | "foreign-owner" | "not-a-file" | "malformed" | "missing",
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = "CredentialFileError";
  }
}

/** The device credential file (see private-file.ts for its modes and what is refused). */
export interface CredentialStore {
  readonly path: string;
  /** The credential, or null when there is none (never signed in, or signed out). */
  read(): Promise<DeviceCredential | null>;
  write(credential: DeviceCredential): Promise<void>;
  /**
   * Saves a rotated refresh token. Resolves only once the new file is durable, so the token source can
   * present the token afterwards. After `delete()` it writes nothing: a refresh racing a sign-out must not
   * bring the file back.
   */
  updateRefreshToken(refreshToken: string): Promise<void>;
  /** Removes the file; returns whether there was one. */
  delete(): Promise<boolean>;
}

/**
 * The store of one credential file. Writes are serialised, so a rotation and a sign-out cannot interleave.
 *
 * @example
 * const store = createCredentialStore({ path: credentialsPath() });
 * const credential = await store.read();
 */
export function createCredentialStore(options: { path: string; now?: () => Date }): CredentialStore {
  const { path } = options;
  const now = options.now ?? (() => new Date());
  let known: DeviceCredential | null = null;
  let deleted = false;
  let queue: Promise<unknown> = Promise.resolve();

  function serialised<T>(work: () => Promise<T>): Promise<T> {
    const result = queue.then(work);
    queue = result.catch(() => undefined);
    return result;
  }

  async function read(): Promise<DeviceCredential | null> {
    let text: string | null;
    try {
      text = await readPrivateFile(path);
    } catch (error) {
      if (error instanceof PrivateFileError) {
        throw new CredentialFileError(path, error.problem, error.message, { cause: error });
      }
      throw error;
    }
    if (text === null) return null;
    let parsed: ReturnType<typeof DeviceCredential.safeParse>;
    try {
      parsed = DeviceCredential.safeParse(JSON.parse(text));
    } catch (error) {
      throw new CredentialFileError(path, "malformed", `${path} is not valid JSON; sign in again`, {
        cause: error,
      });
    }
    if (!parsed.success) {
      // The issues name fields, never values, so the refresh token cannot leak into the message.
      const fields = parsed.error.issues.map((issue) => issue.path.join(".") || "(root)").join(", ");
      throw new CredentialFileError(path, "malformed", `${path} is not a device credential (${fields})`);
    }
    return parsed.data;
  }

  async function write(credential: DeviceCredential): Promise<void> {
    const checked = DeviceCredential.parse(credential);
    await writePrivateFile(path, `${JSON.stringify(checked, null, 2)}\n`);
    known = checked;
    deleted = false;
  }

  return {
    path,
    read: () =>
      serialised(async () => {
        known = await read();
        return known;
      }),
    write: (credential) => serialised(() => write(credential)),
    updateRefreshToken: (refreshToken) =>
      serialised(async () => {
        if (deleted) return;
        const current = known ?? (await read());
        if (!current) throw new CredentialFileError(path, "missing", `${path} is gone; sign in again`);
        await write({ ...current, refreshToken, savedAt: now().toISOString() });
      }),
    delete: () =>
      serialised(async () => {
        deleted = true;
        known = null;
        return deletePrivateFile(path);
      }),
  };
}
