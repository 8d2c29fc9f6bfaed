import { stat } from "node:fs/promises";
import type { IncomingMessage, ServerResponse } from "node:http";
import { join } from "node:path";
import type { Readable } from "node:stream";
import sirv from "sirv";
import { appCacheControl, setAppAnswerHeaders } from "./app-answer-headers.ts";
import { answerAppNotBuilt } from "./app-not-built.ts";

export interface AppFiles {
  /**
   * Answers a GET or HEAD of an App path: the file, the page itself for any other path without an extension (the
   * App routes `/chat/<id>` and the like itself), 503 while nothing is built; "not-found" when a path that names
   * a file (`/assets/gone.js`) has none, for the caller to answer.
   */
  serve(request: IncomingMessage, response: ServerResponse): Promise<"served" | "not-found">;
}

export interface AppFilesDeps {
  /** Where the built App is (its index.html in it), or null when unknown; asked on each request. */
  directory(): string | null;
  /** The port the gateway listens on, for the CSP's WebSocket origins. */
  port(): number;
}

type AppRequestHandler = ReturnType<typeof sirv>;

/** The build's manifest, written last: a build is whole once it is there (apps/app/build/build-app.ts). */
const BUILD_MANIFEST = "app-build.json";

/** Vite's hashed output: its name changes whenever its content does. */
const HASHED_ASSET = /^\/assets\/[^/]+\.\w+$/;

/**
 * The built App, served with sirv from memory of what the directory held when first asked. A rebuild replaces
 * index.html and then the build's manifest, so their identity (size, time, inode) is checked on every request and
 * the file list is read again when it changed: an App built or rebuilt while the gateway runs is served without
 * a restart, with the compressed files the build wrote beside its own once it has written them.
 *
 * The build writes `<file>.br` and `<file>.gz` beside every text file worth compressing; sirv sends the one the
 * browser accepts (brotli first) with its `Content-Encoding` and `Vary: Accept-Encoding`, and the file itself
 * to a client that accepts neither.
 *
 * @example
 * const app = createAppFiles({ directory: installedAppDirectory, port: () => 4801 });
 * if ((await app.serve(request, response)) === "not-found") answerNotFound(response);
 */
export function createAppFiles(deps: AppFilesDeps): AppFiles {
  let current: { directory: string; identity: string; handler: AppRequestHandler } | null = null;

  async function handlerFor(directory: string): Promise<AppRequestHandler | null> {
    const page = await stat(join(directory, "index.html")).catch(() => null);
    if (!page?.isFile()) return null;
    const manifest = await stat(join(directory, BUILD_MANIFEST)).catch(() => null);
    const identity = [page, manifest]
      .map((file) => (file ? `${file.size}:${file.mtimeMs}:${file.ino}` : "-"))
      .join("/");
    if (current?.directory !== directory || current.identity !== identity) {
      const handler = sirv(directory, {
        etag: true,
        single: true,
        brotli: true,
        gzip: true,
        // The path asked for, not the file sent: `/assets/<name>` without an extension falls back to the page.
        setHeaders: (response, pathname) => {
          if (HASHED_ASSET.test(pathname)) response.setHeader("cache-control", appCacheControl.immutable);
        },
      });
      current = { directory, identity, handler };
    }
    return current.handler;
  }

  return {
    async serve(request, response) {
      const port = deps.port();
      const directory = deps.directory();
      const handler = directory === null ? null : await handlerFor(directory);
      setAppAnswerHeaders(response, port, "revalidate");
      if (!handler) {
        answerAppNotBuilt(response, request.method ?? "GET");
        return "served";
      }
      // A file removed by a rebuild between the check and the read must end this answer, not the gateway.
      response.once("pipe", (source: Readable) => source.once("error", () => response.destroy()));
      let found = true;
      handler(request, response, () => {
        found = false;
      });
      return found ? "served" : "not-found";
    },
  };
}
