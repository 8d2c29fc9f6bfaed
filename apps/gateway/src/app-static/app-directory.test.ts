import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { brotliDecompressSync, gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";
import { installedAppDirectory } from "./app-directory.ts";

const appDist = fileURLToPath(new URL("../../../app/dist", import.meta.url));
const built = existsSync(`${appDist}/index.html`);

describe("the installed App's directory", () => {
  it("is @multiclaw/app's dist when it is built, and unknown when it is not", () => {
    expect(installedAppDirectory()).toBe(built ? appDist : null);
  });

  it.skipIf(!built)(
    "holds a brotli and a gzip copy of its page, scripts and styles, for the gateway to send",
    () => {
      const names = readdirSync(appDist, { recursive: true, encoding: "utf8" });
      const served = names.filter((name) => /(^index\.html|\.js|\.css)$/.test(name));
      expect(served.length).toBeGreaterThan(2);
      for (const name of served) {
        const raw = readFileSync(join(appDist, name));
        if (raw.length <= 1024) continue;
        expect(
          brotliDecompressSync(readFileSync(join(appDist, `${name}.br`))).equals(raw),
          `${name}.br`,
        ).toBe(true);
        expect(gunzipSync(readFileSync(join(appDist, `${name}.gz`))).equals(raw), `${name}.gz`).toBe(true);
      }
    },
  );
});
