import { describe, expect, it } from "vitest";
import { readUpdateManifest } from "./read-update-manifest.ts";
import { manifestText, signedEnvelope, testReleaseKey } from "./test-update-manifests.ts";

const key = testReleaseKey();
const expected = {
  channel: "stable" as const,
  os: "linux" as const,
  installedVersion: "1.0.0",
  trustedKeys: [key.publicKey],
  now: new Date("2026-12-07T12:00:00.000Z"),
};

describe("reading a signed update manifest", () => {
  it("verifies the bytes as signed, whatever their layout", () => {
    // Signed as pretty-printed text: the verifier checks these bytes, it does not re-serialise the object.
    const pretty = JSON.stringify(JSON.parse(manifestText({ version: "1.2.3" })), null, 2);
    const reading = readUpdateManifest(signedEnvelope(pretty, key), expected);
    expect(reading).toMatchObject({ ok: true, manifest: { version: "1.2.3" } });
  });

  it("refuses the same manifest in other bytes than those signed", () => {
    const pretty = JSON.stringify(JSON.parse(manifestText({ version: "1.2.3" })), null, 2);
    const envelope = JSON.parse(signedEnvelope(pretty, key)) as { manifest: string };
    // Equal as an object, different as bytes: a verifier that re-serialised would let this through.
    envelope.manifest = JSON.stringify(JSON.parse(envelope.manifest));
    expect(readUpdateManifest(JSON.stringify(envelope), expected)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
  });

  it("checks the signature before it looks at what the manifest says", () => {
    // An unsigned claim to be for another OS is "tampered", not "wrong-target": content is read only once trusted.
    const envelope = JSON.parse(signedEnvelope(manifestText({ version: "1.2.3" }), key)) as {
      manifest: string;
    };
    envelope.manifest = manifestText({ version: "1.2.3", os: "darwin" });
    expect(readUpdateManifest(JSON.stringify(envelope), expected)).toMatchObject({
      ok: false,
      reason: "tampered",
    });
  });

  it("refuses a signed document that is not a manifest", () => {
    const reading = readUpdateManifest(
      signedEnvelope(JSON.stringify({ product: "multiclaw", channel: "stable", os: "linux" }), key),
      expected,
    );
    expect(reading).toMatchObject({ ok: false, reason: "malformed" });
  });
});
