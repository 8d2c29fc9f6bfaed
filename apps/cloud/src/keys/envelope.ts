import { createCipheriv, createDecipheriv, randomBytes } from "node:crypto";
import type { Provider } from "@multiclaw/protocol";
import type { MasterKey } from "./master-key.ts";

/*
 * Envelope encryption. Each workspace has a random data key; provider secrets are encrypted under it, and the
 * data key is stored wrapped (encrypted) under a master key that lives outside the database. Rotating the
 * master key therefore re-wraps one small value per workspace and never touches a secret.
 *
 * Both kinds of ciphertext are AES-256-GCM stored as one self-describing byte string:
 *   format version (1 byte) || IV (12 bytes) || GCM tag (16 bytes) || ciphertext
 * The associated data is not stored: it is rebuilt from where the bytes are found (workspace, provider, key
 * version, master key id), so bytes copied to another row fail authentication instead of decrypting.
 */

const FORMAT_V1 = 1;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
/** Size of a data key: AES-256. */
export const DATA_KEY_BYTES = 32;

/** Where a provider secret belongs; all of it is authenticated with the ciphertext. */
export interface SecretBinding {
  workspaceId: string;
  provider: Provider;
  keyVersion: number;
}

/** Decryption failed: wrong key, bytes moved from another workspace/provider/version, or altered bytes. */
export class EnvelopeError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = "EnvelopeError";
  }
}

/** A fresh random data key for one workspace. */
export function newDataKey(): Buffer {
  return randomBytes(DATA_KEY_BYTES);
}

function dataKeyAad(workspaceId: string, masterKeyId: string): Buffer {
  return Buffer.from(`multiclaw/data-key/v1|${workspaceId}|${masterKeyId}`, "utf8");
}

function secretAad(binding: SecretBinding): Buffer {
  if (!Number.isSafeInteger(binding.keyVersion) || binding.keyVersion < 1) {
    throw new RangeError("keyVersion must be a positive integer");
  }
  return Buffer.from(
    `multiclaw/provider-key/v1|${binding.workspaceId}|${binding.provider}|${binding.keyVersion}`,
    "utf8",
  );
}

function seal(key: Buffer, plaintext: Buffer, aad: Buffer): Uint8Array {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv("aes-256-gcm", key, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([Buffer.of(FORMAT_V1), iv, cipher.getAuthTag(), body]);
}

function open(key: Buffer, sealed: Uint8Array, aad: Buffer, what: string): Buffer {
  const bytes = Buffer.from(sealed.buffer, sealed.byteOffset, sealed.byteLength);
  if (bytes.length < HEADER_BYTES || bytes[0] !== FORMAT_V1) {
    throw new EnvelopeError(`The stored ${what} is not in a format this Cloud understands`);
  }
  const decipher = createDecipheriv("aes-256-gcm", key, bytes.subarray(1, 1 + IV_BYTES), {
    authTagLength: TAG_BYTES,
  });
  decipher.setAAD(aad);
  decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
  try {
    return Buffer.concat([decipher.update(bytes.subarray(HEADER_BYTES)), decipher.final()]);
  } catch (error) {
    throw new EnvelopeError(
      `The stored ${what} failed authentication: it was made for another workspace, provider or version, under another key, or it was altered`,
      { cause: error },
    );
  }
}

/**
 * Wraps a workspace's data key under a master key; the result goes in `workspaces.data_key_wrapped` with
 * `masterKey.id` in `data_key_master_id`.
 *
 * @example
 * const wrapped = wrapDataKey(newDataKey(), ring.current, "ws_01j9…");
 */
export function wrapDataKey(dataKey: Buffer, masterKey: MasterKey, workspaceId: string): Uint8Array {
  if (dataKey.length !== DATA_KEY_BYTES) throw new RangeError(`A data key must be ${DATA_KEY_BYTES} bytes`);
  return seal(masterKey.material(), dataKey, dataKeyAad(workspaceId, masterKey.id));
}

/** Unwraps a data key made by `wrapDataKey` for the same workspace and master key, or throws EnvelopeError. */
export function unwrapDataKey(wrapped: Uint8Array, masterKey: MasterKey, workspaceId: string): Buffer {
  const dataKey = open(masterKey.material(), wrapped, dataKeyAad(workspaceId, masterKey.id), "data key");
  if (dataKey.length !== DATA_KEY_BYTES) throw new EnvelopeError("The stored data key has the wrong length");
  return dataKey;
}

/**
 * Encrypts a provider secret under the workspace's data key, bound to its workspace, provider and version.
 *
 * @example
 * const ciphertext = encryptSecret("sk-…", dataKey, { workspaceId, provider: "openai", keyVersion: 3 });
 */
export function encryptSecret(secret: string, dataKey: Buffer, binding: SecretBinding): Uint8Array {
  return seal(dataKey, Buffer.from(secret, "utf8"), secretAad(binding));
}

/** Decrypts what `encryptSecret` made for exactly this binding, or throws EnvelopeError. */
export function decryptSecret(ciphertext: Uint8Array, dataKey: Buffer, binding: SecretBinding): string {
  const plaintext = open(dataKey, ciphertext, secretAad(binding), "provider key");
  const secret = plaintext.toString("utf8");
  plaintext.fill(0);
  return secret;
}
