import { describe, expect, it } from "vitest";
import { resolveUpdateSettings } from "./update-settings.ts";

describe("the update check's settings", () => {
  it("asks the published CDN for the stable channel of this OS at start, unless told otherwise", () => {
    expect(resolveUpdateSettings({}, {}, "darwin")).toEqual({
      baseUrl: "https://cdn.multiclaw.io/updates/v1",
      channel: "stable",
      os: "darwin",
      checkAtStart: true,
      extraTrustedKeys: [],
    });
    const env = {
      MULTICLAW_UPDATES_URL: "http://127.0.0.1:4800/updates/v1/",
      MULTICLAW_UPDATE_CHANNEL: "beta",
      MULTICLAW_UPDATE_CHECK: "manual",
    };
    expect(resolveUpdateSettings({}, env, "linux")).toEqual({
      baseUrl: "http://127.0.0.1:4800/updates/v1",
      channel: "beta",
      os: "linux",
      checkAtStart: false,
      extraTrustedKeys: [],
    });
  });

  it("believes the keys this machine's configuration adds, and refuses what is not a key", () => {
    const key = Buffer.alloc(32, 7).toString("base64");
    const other = Buffer.alloc(32, 9).toString("base64");
    expect(
      resolveUpdateSettings({}, { MULTICLAW_UPDATES_PUBLIC_KEYS: ` ${key}, ${other} ` }).extraTrustedKeys,
    ).toEqual([key, other]);
    expect(() => resolveUpdateSettings({}, { MULTICLAW_UPDATES_PUBLIC_KEYS: "not-a-key" })).toThrow(
      /MULTICLAW_UPDATES_PUBLIC_KEYS.*not an Ed25519 public key/,
    );
  });

  it("refuses plain http to anything but loopback, and names the variable", () => {
    expect(() => resolveUpdateSettings({}, { MULTICLAW_UPDATES_URL: "http://cdn.example.com/u" })).toThrow(
      /MULTICLAW_UPDATES_URL.*must be https/,
    );
    expect(() => resolveUpdateSettings({}, { MULTICLAW_UPDATE_CHANNEL: "nightly" })).toThrow(
      /MULTICLAW_UPDATE_CHANNEL/,
    );
  });

  it("knows no OS it has no releases for", () => {
    expect(resolveUpdateSettings({}, {}, "freebsd").os).toBeUndefined();
  });
});
