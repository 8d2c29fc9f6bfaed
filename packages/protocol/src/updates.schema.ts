import { z } from "zod";

/*
 * Update manifests, as the update CDN serves them: one per channel and operating system, at
 * `<updates base URL>/<channel>/<os>.json`. The CDN serves a signed envelope; the manifest inside it is JSON
 * text, kept as text so the signature covers the exact bytes the release script signed. A verifier checks the
 * signature over those bytes before it parses them, and never over a re-serialisation (key order, spacing and
 * number formats would all be free to change the bytes without changing the object).
 */

/** The path under the Cloud's origin where it serves manifests in the role of the update CDN. */
export const UPDATES_PATH_PREFIX = "/updates/v1";

/** The one product manifests are signed for; a manifest naming another is refused. */
export const UPDATE_PRODUCT = "multiclaw";

export const UpdateChannel = z.enum(["stable", "beta"]);
export type UpdateChannel = z.infer<typeof UpdateChannel>;

/** Node's `process.platform` names, so the gateway needs no table to find its own. */
export const UpdateOs = z.enum(["linux", "darwin", "win32"]);
export type UpdateOs = z.infer<typeof UpdateOs>;

/** A semantic version (semver.org 2.0.0): `1.2.3`, `1.3.0-beta.2`, `1.2.3+build.7`. */
export const ReleaseVersion = z
  .string()
  .regex(
    /^(0|[1-9]\d*)\.(0|[1-9]\d*)\.(0|[1-9]\d*)(?:-((?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*)(?:\.(?:0|[1-9]\d*|\d*[a-zA-Z-][0-9a-zA-Z-]*))*))?(?:\+([0-9a-zA-Z-]+(?:\.[0-9a-zA-Z-]+)*))?$/,
    "must be a semantic version such as 1.2.3",
  );

/** How to install the release: a command for package-manager installs, a link for everything else. */
export const UpdateInstallHints = z.object({
  /** For an npm global install, e.g. `npm install -g multiclaw@1.2.3`. */
  command: z.string().min(1).max(500).optional(),
  downloadUrl: z.url({ protocol: /^https?$/ }).optional(),
});
export type UpdateInstallHints = z.infer<typeof UpdateInstallHints>;

/** What a release says about itself. Unknown fields are ignored, so a newer release script may add some. */
export const UpdateManifest = z.object({
  product: z.literal(UPDATE_PRODUCT),
  channel: UpdateChannel,
  os: UpdateOs,
  version: ReleaseVersion,
  releasedAt: z.iso.datetime(),
  /** After this the manifest is refused: an old, validly signed manifest cannot be replayed for ever. */
  expiresAt: z.iso.datetime(),
  notesUrl: z.url({ protocol: /^https?$/ }).optional(),
  install: UpdateInstallHints,
});
export type UpdateManifest = z.infer<typeof UpdateManifest>;

/** An Ed25519 public key as shipped and as named in an envelope: base64 of its raw 32 bytes. */
export const UpdateKeyId = z.string().regex(/^[A-Za-z0-9+/]{43}=$/, "must be base64 of 32 bytes");

/**
 * What the CDN serves. `manifest` is the manifest's JSON text; `signature` is base64 of the Ed25519 signature
 * over that text's UTF-8 bytes; `keyId` names the public key that verifies it (a verifier looks it up among
 * the keys it trusts and uses only those).
 *
 * @example
 * { "manifest": "{\"product\":\"multiclaw\",\"version\":\"1.2.3\",…}", "signature": "q9…==", "keyId": "Jm…=" }
 */
export const SignedUpdateManifest = z.object({
  manifest: z.string().min(2).max(16_384),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/, "must be base64 of a 64-byte Ed25519 signature"),
  keyId: UpdateKeyId,
});
export type SignedUpdateManifest = z.infer<typeof SignedUpdateManifest>;

/** The manifest's path below the updates base URL: `/<channel>/<os>.json`. */
export function updateManifestPath(channel: UpdateChannel, os: UpdateOs): string {
  return `/${channel}/${os}.json`;
}
