import { createPublicKey, type KeyObject, verify } from "node:crypto";
import {
  SignedUpdateManifest,
  UPDATE_PRODUCT,
  type UpdateChannel,
  UpdateManifest,
  type UpdateOs,
  type UpdateRefusalReason,
} from "@multiclaw/protocol";
import { compareVersions } from "./compare-versions.ts";

/*
 * Whether a manifest the update server sent is to be believed, in the order that keeps an attacker's bytes
 * away from everything but the signature check: the envelope's shape, a key this build trusts, the Ed25519
 * signature over the manifest's exact bytes, and only then the manifest's content — what it is for, whether it
 * expired, whether it would take the user backwards.
 */

export type ManifestReading =
  | { ok: true; manifest: UpdateManifest }
  | { ok: false; reason: UpdateRefusalReason; message: string };

export interface ManifestExpectations {
  channel: UpdateChannel;
  os: UpdateOs;
  installedVersion: string;
  /** Base64 of raw Ed25519 public keys (trusted-update-keys.ts in production). */
  trustedKeys: readonly string[];
  now: Date;
}

const publicKeys = new Map<string, KeyObject>();

function publicKeyOf(raw: string): KeyObject {
  let key = publicKeys.get(raw);
  if (!key) {
    const x = Buffer.from(raw, "base64").toString("base64url");
    key = createPublicKey({ key: { kty: "OKP", crv: "Ed25519", x }, format: "jwk" });
    publicKeys.set(raw, key);
  }
  return key;
}

function refused(reason: UpdateRefusalReason, message: string): ManifestReading {
  return { ok: false, reason, message };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Reads the body of `GET <updates URL>/<channel>/<os>.json`. A manifest for the installed version itself is
 * accepted (the caller reports "up to date"); an older one is refused as a downgrade.
 */
export function readUpdateManifest(body: string, expected: ManifestExpectations): ManifestReading {
  const envelope = SignedUpdateManifest.safeParse(parseJson(body));
  if (!envelope.success) {
    return refused("malformed", "The update server did not answer with a signed update manifest.");
  }
  const { manifest: text, signature, keyId } = envelope.data;
  if (!expected.trustedKeys.includes(keyId)) {
    return refused(
      "unknown-key",
      `The update manifest is signed by a key this version of MultiClaw does not trust (${keyId}); it was ignored.`,
    );
  }
  if (!verify(null, Buffer.from(text, "utf8"), publicKeyOf(keyId), Buffer.from(signature, "base64"))) {
    return refused(
      "tampered",
      "The update manifest does not match its signature: it was changed after it was signed, and was ignored.",
    );
  }

  const content = parseJson(text) as Record<string, unknown> | undefined;
  const target = { product: UPDATE_PRODUCT, channel: expected.channel, os: expected.os };
  for (const [field, wanted] of Object.entries(target)) {
    if (content?.[field] !== wanted) {
      return refused(
        "wrong-target",
        `The update manifest is for ${field} "${String(content?.[field])}", not "${wanted}"; it was ignored.`,
      );
    }
  }
  const manifest = UpdateManifest.safeParse(content);
  if (!manifest.success) {
    return refused("malformed", "The update manifest is signed but not in a form this version understands.");
  }
  const { version, expiresAt } = manifest.data;
  if (Date.parse(expiresAt) <= expected.now.getTime()) {
    return refused(
      "expired",
      `The update manifest for ${version} expired on ${expiresAt}; an expired manifest is never trusted.`,
    );
  }
  if (compareVersions(version, expected.installedVersion) < 0) {
    return refused(
      "downgrade",
      `The update server offers ${version}, older than the installed ${expected.installedVersion}; it was ignored.`,
    );
  }
  return { ok: true, manifest: manifest.data };
}
