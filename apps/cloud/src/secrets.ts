import { createHash, randomBytes } from "node:crypto";

/**
 * Opaque bearer secrets (access and refresh tokens, device codes, invitation tokens): 256 random bits with a
 * readable prefix so a leaked one is recognisable in a scanner. Only their SHA-256 is stored.
 */
export function newSecret(prefix: "mca" | "mcr" | "mcd" | "mci"): string {
  return `${prefix}_${randomBytes(32).toString("base64url")}`;
}

export function hashSecret(secret: string): string {
  return createHash("sha256").update(secret).digest("base64url");
}
