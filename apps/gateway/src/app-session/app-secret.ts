import { createHash, randomBytes } from "node:crypto";

/** 32 random bytes, base64url without padding: what a code and a session id are made of. */
export function newAppSecret(): string {
  return randomBytes(32).toString("base64url");
}

/**
 * What is kept of a code or a session id: its SHA-256. A secret has 256 bits of entropy, so a plain hash is as
 * good as a slow one, and a map lookup by hash leaks nothing useful about the secret through timing.
 */
export function hashOfAppSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}
