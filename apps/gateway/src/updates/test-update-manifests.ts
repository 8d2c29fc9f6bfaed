import { generateKeyPairSync, type KeyObject, sign } from "node:crypto";

/*
 * Test signing: a key pair of the test's own and envelopes made the way the release script makes them (the
 * manifest's JSON text, signed as UTF-8 bytes), so the verifier is tested against the wire format and not
 * against a shared helper.
 */

export interface TestReleaseKey {
  privateKey: KeyObject;
  /** Base64 of the raw 32-byte public key, as trusted-update-keys.ts lists keys. */
  publicKey: string;
}

export function testReleaseKey(): TestReleaseKey {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  const x = publicKey.export({ format: "jwk" }).x as string;
  return { privateKey, publicKey: Buffer.from(x, "base64url").toString("base64") };
}

export interface ManifestFields {
  product?: string;
  channel?: string;
  os?: string;
  version: string;
  releasedAt?: string;
  expiresAt?: string;
  notesUrl?: string;
  install?: { command?: string; downloadUrl?: string };
}

export function manifestText(fields: ManifestFields): string {
  return JSON.stringify({
    product: "multiclaw",
    channel: "stable",
    os: "linux",
    releasedAt: "2026-12-01T00:00:00.000Z",
    expiresAt: "2027-03-01T00:00:00.000Z",
    install: { command: `npm install -g multiclaw@${fields.version}` },
    ...fields,
  });
}

/** The served body: `text` signed by `key`, naming `keyId` (the key's own public key unless given). */
export function signedEnvelope(text: string, key: TestReleaseKey, keyId: string = key.publicKey): string {
  const signature = sign(null, Buffer.from(text, "utf8"), key.privateKey).toString("base64");
  return JSON.stringify({ manifest: text, signature, keyId });
}
