import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, sign } from "node:crypto";
import {
  type SignedUpdateManifest,
  UPDATE_PRODUCT,
  type UpdateChannel,
  type UpdateInstallHints,
  UpdateManifest,
  type UpdateOs,
} from "@multiclaw/protocol";

/*
 * Signing a release's update manifest with the project's Ed25519 release key. The manifest is written out as
 * JSON text once, and that text, byte for byte, is what is signed and what the envelope carries: the gateway
 * verifies the same bytes before it parses them (updates.schema.ts).
 */

/** A new release key pair: the private key as PKCS#8 PEM (keep it off the repository), the public key raw. */
export function generateReleaseKeyPair(): { privateKeyPem: string; publicKey: string } {
  const { privateKey, publicKey } = generateKeyPairSync("ed25519");
  return {
    privateKeyPem: privateKey.export({ format: "pem", type: "pkcs8" }).toString(),
    publicKey: rawPublicKeyOf(publicKey),
  };
}

/** Base64 of the raw 32 bytes of an Ed25519 public key: how the gateway ships it and envelopes name it. */
export function rawPublicKeyOf(key: KeyObject): string {
  const jwk = (key.type === "private" ? createPublicKey(key) : key).export({ format: "jwk" });
  if (jwk.crv !== "Ed25519" || typeof jwk.x !== "string") throw new Error("not an Ed25519 key");
  return Buffer.from(jwk.x, "base64url").toString("base64");
}

/** Reads a PEM private key and insists it is Ed25519, so a wrong file fails before anything is signed. */
export function readReleasePrivateKey(pem: string): KeyObject {
  const key = createPrivateKey(pem);
  if (key.asymmetricKeyType !== "ed25519") {
    throw new Error(`the release key must be Ed25519, not ${key.asymmetricKeyType}`);
  }
  return key;
}

export interface ReleaseDescription {
  version: string;
  channel: UpdateChannel;
  os: UpdateOs;
  releasedAt: Date;
  /** How long the manifest stays valid; a gateway refuses it afterwards. */
  validForDays: number;
  notesUrl?: string;
  install: UpdateInstallHints;
}

/**
 * The manifest of a release, signed. Throws (naming the field) when the description is not a valid manifest,
 * so a release never ships one the gateway would refuse as malformed.
 *
 * @example
 * const envelope = signReleaseManifest(
 *   { version: "1.2.3", channel: "stable", os: "linux", releasedAt: new Date(), validForDays: 90,
 *     install: { command: "npm install -g multiclaw@1.2.3" } },
 *   readReleasePrivateKey(pem),
 * );
 */
export function signReleaseManifest(
  release: ReleaseDescription,
  privateKey: KeyObject,
): SignedUpdateManifest {
  const expiresAt = new Date(release.releasedAt.getTime() + release.validForDays * 86_400_000);
  const manifest = UpdateManifest.parse({
    product: UPDATE_PRODUCT,
    channel: release.channel,
    os: release.os,
    version: release.version,
    releasedAt: release.releasedAt.toISOString(),
    expiresAt: expiresAt.toISOString(),
    ...(release.notesUrl ? { notesUrl: release.notesUrl } : {}),
    install: release.install,
  });
  const text = JSON.stringify(manifest);
  return {
    manifest: text,
    signature: sign(null, Buffer.from(text, "utf8"), privateKey).toString("base64"),
    keyId: rawPublicKeyOf(privateKey),
  };
}
