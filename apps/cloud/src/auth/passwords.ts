import { hash, verify } from "@node-rs/argon2";

/** OWASP's argon2id baseline: 19 MiB, two passes, one lane. */
// `Algorithm` is an ambient const enum that isolated modules cannot read; 2 is its Argon2id member.
const ARGON2ID = 2;
const options = { algorithm: ARGON2ID, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export function hashPassword(password: string): Promise<string> {
  return hash(password, options);
}

// Verified against when the email is unknown, so a missing account costs the same time as a wrong password.
let decoyHash: Promise<string> | undefined;

export async function verifyPassword(storedHash: string | null, password: string): Promise<boolean> {
  if (storedHash === null) {
    decoyHash ??= hashPassword("decoy password that never matches anything");
    await verify(await decoyHash, password);
    return false;
  }
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}
