import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { measureFirstScreen } from "./first-screen-size.ts";

describe("measureFirstScreen", () => {
  let site = "";
  afterEach(async () => {
    await rm(site, { recursive: true, force: true });
  });

  it("counts the entry, its static imports, preloads, stylesheets and inline code, not lazy chunks", async () => {
    site = await mkdtemp(join(tmpdir(), "first-screen-"));
    await mkdir(join(site, "assets"));
    await writeFile(
      join(site, "index.html"),
      '<script>window.x=1</script><script type="module" crossorigin src="/assets/entry.js"></script>' +
        '<link rel="modulepreload" href="./assets/preloaded.js"><link rel="stylesheet" href="/assets/app.css">',
    );
    await writeFile(
      join(site, "assets/entry.js"),
      'import{a as b}from"./shared.js";import"./side-effect.js";const l=()=>import(`./lazy.js`);',
    );
    await writeFile(join(site, "assets/shared.js"), 'export{c as a}from"./deeper.js";');
    await writeFile(join(site, "assets/deeper.js"), "export const c=1;");
    await writeFile(join(site, "assets/side-effect.js"), "console.log(1);");
    await writeFile(join(site, "assets/preloaded.js"), "export const p=2;");
    await writeFile(join(site, "assets/lazy.js"), 'import"./shared.js";export default 3;');
    await writeFile(join(site, "assets/app.css"), "body{margin:0}");

    const size = await measureFirstScreen(site);

    expect(size.files.map((file) => file.path).sort()).toEqual([
      "assets/app.css",
      "assets/deeper.js",
      "assets/entry.js",
      "assets/preloaded.js",
      "assets/shared.js",
      "assets/side-effect.js",
      "index.html inline #1",
    ]);
    expect(size.lazyChunks).toBe(1);
    expect(size.total.bytes).toBe(size.files.reduce((sum, file) => sum + file.bytes, 0));
    expect(size.total.gzip).toBeGreaterThan(0);
  });
});
