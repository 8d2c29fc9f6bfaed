import { mkdir, mkdtemp, rm, writeFile } from "node:fs/promises";
import { createServer, request, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from "node:zlib";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { createAppFiles } from "./app-files.ts";

/*
 * The compressed files the App's build writes beside its own (`<file>.br`, `<file>.gz`): the one the browser
 * accepts is sent with its encoding named, and a client that accepts none gets the file itself.
 */

const script = `export const words = ${JSON.stringify("a streamed answer ".repeat(200))};\n`;
const page = '<!doctype html><script type="module" src="/assets/index-Bx1y2z3a.js"></script>';

let directory: string;
let server: Server;
let port: number;

interface RawAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

/** A GET with exactly these headers; the body as sent, not decoded. */
function get(path: string, headers: Record<string, string> = {}): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    request({ host: "127.0.0.1", port, path, headers }, (answer) => {
      const chunks: Buffer[] = [];
      answer.on("data", (chunk: Buffer) => chunks.push(chunk));
      answer.on("error", reject);
      answer.on("end", () =>
        resolve({ status: answer.statusCode ?? 0, headers: answer.headers, body: Buffer.concat(chunks) }),
      );
    })
      .on("error", reject)
      .end();
  });
}

beforeEach(async () => {
  directory = await mkdtemp(join(tmpdir(), "multiclaw-app-files-"));
  await writeFile(join(directory, "index.html"), page);
  await writeFile(join(directory, "index.html.br"), brotliCompressSync(page));
  await writeFile(join(directory, "index.html.gz"), gzipSync(page));
  const assets = join(directory, "assets");
  await mkdir(assets);
  await writeFile(join(assets, "index-Bx1y2z3a.js"), script);
  await writeFile(join(assets, "index-Bx1y2z3a.js.br"), brotliCompressSync(script));
  await writeFile(join(assets, "index-Bx1y2z3a.js.gz"), gzipSync(script));
  const files = createAppFiles({ directory: () => directory, port: () => 4801 });
  server = createServer((incoming, outgoing) => {
    void files.serve(incoming, outgoing).then((served) => {
      if (served === "not-found") outgoing.writeHead(404).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.address() as AddressInfo).port;
});

afterEach(async () => {
  server.closeAllConnections();
  await new Promise((resolve) => server.close(resolve));
  await rm(directory, { recursive: true, force: true });
});

describe("the App's compressed files", () => {
  it("sends the brotli file to a browser that accepts br, named as such and varying by encoding", async () => {
    const answer = await get("/assets/index-Bx1y2z3a.js", { "accept-encoding": "gzip, deflate, br, zstd" });
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBe("br");
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(answer.headers["content-type"]).toMatch(/^text\/javascript/);
    expect(answer.headers["cache-control"]).toBe("public, max-age=31536000, immutable");
    expect(Number(answer.headers["content-length"])).toBe(answer.body.length);
    expect(answer.body.length).toBeLessThan(script.length / 4);
    expect(brotliDecompressSync(answer.body).toString()).toBe(script);
  });

  it("sends the gzip file to a client that accepts only gzip", async () => {
    const answer = await get("/assets/index-Bx1y2z3a.js", { "accept-encoding": "gzip" });
    expect(answer.headers["content-encoding"]).toBe("gzip");
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(gunzipSync(answer.body).toString()).toBe(script);
  });

  it("sends the file itself to a client that names no encoding", async () => {
    const answer = await get("/assets/index-Bx1y2z3a.js");
    expect(answer.status).toBe(200);
    expect(answer.headers["content-encoding"]).toBeUndefined();
    expect(answer.headers.vary).toBe("Accept-Encoding");
    expect(answer.body.toString()).toBe(script);
  });

  it("compresses the page too, at every path the App routes, and tags each encoding apart", async () => {
    const compressed = await get("/chat/cnv_01jabc", { "accept-encoding": "br" });
    expect(compressed.headers["content-encoding"]).toBe("br");
    expect(compressed.headers["content-type"]).toBe("text/html;charset=utf-8");
    expect(compressed.headers["cache-control"]).toBe("no-cache");
    expect(brotliDecompressSync(compressed.body).toString()).toBe(page);
    const plain = await get("/chat/cnv_01jabc");
    expect(plain.body.toString()).toBe(page);
    // A cache that kept one encoding must not answer 304 for the other.
    expect(plain.headers.etag).not.toBe(compressed.headers.etag);
  });

  it("serves the compressed files of a build finished after the page was first read", async () => {
    await rm(join(directory, "index.html.br"));
    const before = await get("/", { "accept-encoding": "br" });
    expect(before.headers["content-encoding"]).toBeUndefined();
    // The build writes its compressed files after Vite's, then its manifest, last.
    await writeFile(join(directory, "index.html.br"), brotliCompressSync(page));
    await writeFile(join(directory, "app-build.json"), "{}\n");
    const after = await get("/", { "accept-encoding": "br" });
    expect(after.headers["content-encoding"]).toBe("br");
    expect(brotliDecompressSync(after.body).toString()).toBe(page);
  });
});
