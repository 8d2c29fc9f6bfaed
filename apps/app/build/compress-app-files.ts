import { readdir, readFile, writeFile } from "node:fs/promises";
import { extname, join } from "node:path";
import { promisify } from "node:util";
import { brotliCompress, constants, gzip } from "node:zlib";

const brotli = promisify(brotliCompress);
const gzipped = promisify(gzip);

/** Files the browser reads as text: they shrink to a fraction. Fonts and images are compressed already. */
const TEXT_EXTENSIONS = new Set([
  ".js",
  ".mjs",
  ".css",
  ".html",
  ".svg",
  ".json",
  ".webmanifest",
  ".txt",
  ".xml",
]);

/** Below about a kilobyte a compressed answer saves less than a packet and costs a file. */
export const COMPRESS_ABOVE_BYTES = 1024;

export interface CompressedFiles {
  /** Files that got a `.br` and a `.gz` beside them. */
  files: number;
  rawBytes: number;
  brotliBytes: number;
  gzipBytes: number;
}

/**
 * Writes `<file>.br` (brotli, quality 11) and `<file>.gz` (gzip, level 9) beside every text file of `directory`
 * over a kilobyte, except those named in `skip`: the gateway sends the one a browser accepts (sirv's `brotli`
 * and `gzip` options), so nothing is compressed per request. Both are written at build time, once.
 *
 * @example await compressAppFiles("apps/app/dist", { skip: ["app-build.json"] }); // { files: 5, ... }
 */
export async function compressAppFiles(
  directory: string,
  options: { skip?: readonly string[] } = {},
): Promise<CompressedFiles> {
  const entries = await readdir(directory, { withFileTypes: true, recursive: true });
  const skip = new Set(options.skip ?? []);
  const paths = entries
    .filter((entry) => entry.isFile() && TEXT_EXTENSIONS.has(extname(entry.name)) && !skip.has(entry.name))
    .map((entry) => join(entry.parentPath, entry.name));
  const totals: CompressedFiles = { files: 0, rawBytes: 0, brotliBytes: 0, gzipBytes: 0 };
  await Promise.all(
    paths.map(async (path) => {
      const raw = await readFile(path);
      if (raw.length <= COMPRESS_ABOVE_BYTES) return;
      const [br, gz] = await Promise.all([
        brotli(raw, {
          params: {
            [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
            [constants.BROTLI_PARAM_MODE]: constants.BROTLI_MODE_TEXT,
            [constants.BROTLI_PARAM_SIZE_HINT]: raw.length,
          },
        }),
        gzipped(raw, { level: constants.Z_BEST_COMPRESSION }),
      ]);
      await Promise.all([writeFile(`${path}.br`, br), writeFile(`${path}.gz`, gz)]);
      totals.files += 1;
      totals.rawBytes += raw.length;
      totals.brotliBytes += br.length;
      totals.gzipBytes += gz.length;
    }),
  );
  return totals;
}
