import { readFile } from "node:fs/promises";
import { dirname, join, relative, resolve } from "node:path";
import { brotliCompressSync, constants, gzipSync } from "node:zlib";

/** One file the first screen loads before it renders. */
export interface FirstScreenFile {
  /** Path relative to the built site's root. */
  path: string;
  kind: "js" | "css" | "inline";
  bytes: number;
  gzip: number;
  brotli: number;
}

export interface FirstScreenSize {
  files: FirstScreenFile[];
  total: { bytes: number; gzip: number; brotli: number };
  /** Files reached only through `import()`: loaded later, not counted. */
  lazyChunks: number;
}

const scriptTag = /<script\b([^>]*)>([\s\S]*?)<\/script>/gi;
const linkTag = /<link\b([^>]*)>/gi;
const styleTag = /<style\b[^>]*>([\s\S]*?)<\/style>/gi;
const attribute = (attributes: string, name: string) =>
  new RegExp(`\\b${name}\\s*=\\s*["']([^"']*)["']`, "i").exec(attributes)?.[1];
/** Static `import … from "x"`, `import "x"` and `export … from "x"` of a built module (never `import(`). */
const staticImport = /\b(?:import|export)\s*(?:[^"'`();]*?\bfrom\s*)?["'`]([^"'`]+\.js)["'`]/g;
const dynamicImport = /\bimport\(\s*["'`]([^"'`]+\.js)["'`]\s*\)/g;

function sizes(content: Buffer) {
  return {
    bytes: content.length,
    // What a server that compresses static files ships: gzip -9, brotli quality 11.
    gzip: gzipSync(content, { level: 9 }).length,
    brotli: brotliCompressSync(content, {
      params: {
        [constants.BROTLI_PARAM_QUALITY]: 11,
        [constants.BROTLI_PARAM_SIZE_HINT]: content.length,
      },
    }).length,
  };
}

/**
 * What a built single-page app's `index.html` makes the browser load before its first render: the entry module
 * scripts, every module they import statically (and the `modulepreload`s), the stylesheets, and any inline
 * script or style — each with its size raw, gzipped and brotli-compressed (Node's zlib). Chunks reached only by
 * `import()` are lazy and not counted.
 */
export async function measureFirstScreen(
  siteRoot: string,
  indexFile = "index.html",
): Promise<FirstScreenSize> {
  const indexPath = join(siteRoot, indexFile);
  const html = await readFile(indexPath, "utf8");
  const toFile = (from: string, reference: string) =>
    reference.startsWith("/") ? join(siteRoot, reference) : resolve(dirname(from), reference);
  const pending: string[] = [];
  const css: string[] = [];
  const inline: Buffer[] = [];
  for (const [, attributes = "", body = ""] of html.matchAll(scriptTag)) {
    const src = attribute(attributes, "src");
    if (src) pending.push(toFile(indexPath, src.split("?")[0] ?? src));
    else if (body.trim()) inline.push(Buffer.from(body));
  }
  for (const [, attributes = ""] of html.matchAll(linkTag)) {
    const rel = attribute(attributes, "rel")?.toLowerCase();
    const href = attribute(attributes, "href");
    if (!href) continue;
    if (rel === "modulepreload") pending.push(toFile(indexPath, href));
    if (rel === "stylesheet") css.push(toFile(indexPath, href));
  }
  for (const [, body = ""] of html.matchAll(styleTag)) if (body.trim()) inline.push(Buffer.from(body));

  const scripts = new Set<string>();
  const lazy = new Set<string>();
  while (pending.length > 0) {
    const file = pending.pop() as string;
    if (scripts.has(file)) continue;
    scripts.add(file);
    const code = await readFile(file, "utf8");
    for (const [, reference = ""] of code.matchAll(staticImport)) pending.push(toFile(file, reference));
    for (const [, reference = ""] of code.matchAll(dynamicImport)) lazy.add(toFile(file, reference));
  }

  const files: FirstScreenFile[] = [];
  for (const file of scripts)
    files.push({ path: relative(siteRoot, file), kind: "js", ...sizes(await readFile(file)) });
  for (const file of css)
    files.push({ path: relative(siteRoot, file), kind: "css", ...sizes(await readFile(file)) });
  inline.forEach((content, index) => {
    files.push({ path: `${indexFile} inline #${index + 1}`, kind: "inline", ...sizes(content) });
  });
  const total = { bytes: 0, gzip: 0, brotli: 0 };
  for (const file of files) {
    total.bytes += file.bytes;
    total.gzip += file.gzip;
    total.brotli += file.brotli;
  }
  return { files, total, lazyChunks: [...lazy].filter((file) => !scripts.has(file)).length };
}
