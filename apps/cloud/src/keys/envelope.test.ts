import { randomBytes } from "node:crypto";
import { describe, expect, it } from "vitest";
import {
  DATA_KEY_BYTES,
  decryptSecret,
  EnvelopeError,
  encryptSecret,
  newDataKey,
  type SecretBinding,
  unwrapDataKey,
  wrapDataKey,
} from "./envelope.ts";
import { MasterKey } from "./master-key.ts";

const workspaceId = "ws_01j9aaaaaaaaaaaaaaaaaaaaaa";
const otherWorkspaceId = "ws_01j9bbbbbbbbbbbbbbbbbbbbbb";
const binding: SecretBinding = { workspaceId, provider: "openai", keyVersion: 1 };

describe("wrapping data keys", () => {
  it("unwraps what it wrapped, for the same workspace and master key", () => {
    const master = new MasterKey(randomBytes(32));
    const dataKey = newDataKey();
    expect(dataKey).toHaveLength(DATA_KEY_BYTES);
    const wrapped = wrapDataKey(dataKey, master, workspaceId);
    expect(Buffer.from(wrapped).includes(dataKey)).toBe(false);
    expect(unwrapDataKey(wrapped, master, workspaceId).equals(dataKey)).toBe(true);
  });

  it("refuses a wrapped data key moved to another workspace", () => {
    const master = new MasterKey(randomBytes(32));
    const wrapped = wrapDataKey(newDataKey(), master, workspaceId);
    expect(() => unwrapDataKey(wrapped, master, otherWorkspaceId)).toThrow(EnvelopeError);
  });

  it("refuses to unwrap under a different master key", () => {
    const wrapped = wrapDataKey(newDataKey(), new MasterKey(randomBytes(32)), workspaceId);
    expect(() => unwrapDataKey(wrapped, new MasterKey(randomBytes(32)), workspaceId)).toThrow(EnvelopeError);
  });
});

describe("encrypting provider secrets", () => {
  it("round-trips a secret and never stores it in the clear", () => {
    const dataKey = newDataKey();
    const secret = `sk-canary-${randomBytes(16).toString("hex")}`;
    const sealed = Buffer.from(encryptSecret(secret, dataKey, binding));
    expect(sealed.includes(Buffer.from(secret))).toBe(false);
    expect(decryptSecret(sealed, dataKey, binding)).toBe(secret);
  });

  it("stores version, IV, tag and ciphertext as one byte string with a fresh IV each time", () => {
    const dataKey = newDataKey();
    const first = Buffer.from(encryptSecret("sk-same-secret", dataKey, binding));
    const second = Buffer.from(encryptSecret("sk-same-secret", dataKey, binding));
    expect(first[0]).toBe(1);
    expect(first).toHaveLength(1 + 12 + 16 + "sk-same-secret".length);
    expect(first.subarray(1, 13).equals(second.subarray(1, 13))).toBe(false);
  });

  it.each([
    ["workspace", { ...binding, workspaceId: otherWorkspaceId }],
    ["provider", { ...binding, provider: "anthropic" as const }],
    ["key version", { ...binding, keyVersion: 2 }],
  ])("fails to decrypt with the wrong %s", (_what, wrong) => {
    const dataKey = newDataKey();
    const sealed = encryptSecret("sk-bound-secret", dataKey, binding);
    expect(() => decryptSecret(sealed, dataKey, wrong)).toThrow(EnvelopeError);
  });

  it("fails to decrypt altered bytes or an unknown format", () => {
    const dataKey = newDataKey();
    const sealed = Buffer.from(encryptSecret("sk-bound-secret", dataKey, binding));
    const flipped = Buffer.from(sealed);
    flipped[flipped.length - 1] = (flipped[flipped.length - 1] ?? 0) ^ 1;
    expect(() => decryptSecret(flipped, dataKey, binding)).toThrow(/failed authentication/);
    const unknownVersion = Buffer.from(sealed);
    unknownVersion[0] = 9;
    expect(() => decryptSecret(unknownVersion, dataKey, binding)).toThrow(/not in a format/);
    expect(() => decryptSecret(sealed.subarray(0, 20), dataKey, binding)).toThrow(/not in a format/);
  });

  it("fails to decrypt under another workspace's data key", () => {
    const sealed = encryptSecret("sk-bound-secret", newDataKey(), binding);
    expect(() => decryptSecret(sealed, newDataKey(), binding)).toThrow(EnvelopeError);
  });
});
