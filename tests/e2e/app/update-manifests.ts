import { generateKeyPairSync, sign } from "node:crypto";
import { readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";

/*
 * Update manifests as the update CDN serves them — `{ manifest, signature, keyId }`, the manifest's JSON text
 * signed with Ed25519 as UTF-8 bytes — made with keys of the test's own. The gateway believes the keys it ships
 * (their private halves are not in the repository) and those its configuration adds
 * (MULTICLAW_UPDATES_PUBLIC_KEYS, as a team signing its own releases sets it): `releaseKeyId` is such a key,
 * `ownKey` one no configuration names.
 */

const trustedKeysFile = fileURLToPath(
  new URL("../../../apps/gateway/src/updates/trusted-update-keys.ts", import.meta.url),
);

/** The public keys this build trusts, as trusted-update-keys.ts lists them (base64 of the raw 32 bytes). */
export async function shippedUpdateKeys(): Promise<string[]> {
  const source = await readFile(trustedKeysFile, "utf8");
  return [...source.matchAll(/"([A-Za-z0-9+/]{43}=)"/g)].map(([, key]) => key as string);
}

/** A manifest for this machine's channel and OS, offering `version`. */
export function manifestFor(version: string): string {
  return JSON.stringify({
    product: "multiclaw",
    channel: "stable",
    os: process.platform,
    version,
    releasedAt: "2026-12-01T00:00:00.000Z",
    expiresAt: "2099-01-01T00:00:00.000Z",
    notesUrl: `https://multiclaw.io/releases/${version}`,
    install: { command: `npm install -g multiclaw@${version}` },
  });
}

const ownKey = generateKeyPairSync("ed25519");
const ownKeyId = Buffer.from(ownKey.publicKey.export({ format: "jwk" }).x as string, "base64url").toString(
  "base64",
);

/** Signed correctly, by a key the gateway does not ship: refused as `unknown-key`. */
export function signedByAnotherKey(manifest: string): string {
  const signature = sign(null, Buffer.from(manifest, "utf8"), ownKey.privateKey).toString("base64");
  return JSON.stringify({ manifest, signature, keyId: ownKeyId });
}

/**
 * Names a shipped key, but the signature is not that key's over these bytes — what a manifest edited after
 * signing looks like: refused as `tampered`.
 */
export function tamperedUnder(shippedKeyId: string, manifest: string): string {
  const signature = sign(null, Buffer.from(manifest, "utf8"), ownKey.privateKey).toString("base64");
  return JSON.stringify({ manifest, signature, keyId: shippedKeyId });
}

const releaseKey = generateKeyPairSync("ed25519");

/** The public key to name in MULTICLAW_UPDATES_PUBLIC_KEYS, as `release:sign --generate-key` prints one. */
export const releaseKeyId = Buffer.from(
  releaseKey.publicKey.export({ format: "jwk" }).x as string,
  "base64url",
).toString("base64");

/** Signed by the configured release key: accepted when it offers a newer version, refused as a downgrade. */
export function signedByReleaseKey(manifest: string): string {
  const signature = sign(null, Buffer.from(manifest, "utf8"), releaseKey.privateKey).toString("base64");
  return JSON.stringify({ manifest, signature, keyId: releaseKeyId });
}
