import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * The three services outside this machine that the chat and the update check reach — Microlink's API, Google's
 * favicon endpoint and the update CDN — stood in for on 127.0.0.1. Each answers in the real service's wire format
 * (so the gateway's real clients run against it) and records every request exactly as it arrived, so a test can
 * hold each request to what docs/network.md says it carries.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
}

interface RecordingServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** When each TCP connection was accepted (`Date.now()`), to hold against the gateway's ledger. */
  readonly acceptedAt: number[];
  close(): Promise<void>;
}

async function startRecordingServer(
  answer: (request: RecordedRequest, response: ServerResponse) => void,
): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server = createServer((incoming, response) => {
    const request = { method: incoming.method ?? "", url: incoming.url ?? "", headers: incoming.headers };
    requests.push(request);
    answer(request, response);
  });
  const acceptedAt: number[] = [];
  server.on("connection", () => acceptedAt.push(Date.now()));
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    acceptedAt,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function sendJson(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

export interface PreviewPage {
  title: string;
  description?: string;
  publisher?: string;
}

export interface LinkPreviewStandIn extends RecordingServer {
  /** `MULTICLAW_LINK_PREVIEW_URL`. */
  readonly url: string;
  /** What the service knows of each page, by URL; any other URL gets Microlink's EINVALURL answer. */
  readonly pages: Map<string, PreviewPage>;
}

/** Microlink's API: `GET /?url=<link>` answers `{ status: "success", data: { title, description, publisher } }`. */
export async function startLinkPreviewStandIn(): Promise<LinkPreviewStandIn> {
  const pages = new Map<string, PreviewPage>();
  const server = await startRecordingServer((request, response) => {
    const target = new URL(request.url, "http://stand-in").searchParams.get("url") ?? "";
    const page = pages.get(target);
    if (!page) {
      sendJson(response, 400, {
        status: "fail",
        code: "EINVALURL",
        message: `The URL \`${target}\` is not valid.`,
        more: "https://microlink.io/einvalurl",
        url: target,
      });
      return;
    }
    sendJson(response, 200, {
      status: "success",
      data: {
        lang: "en",
        author: null,
        title: page.title,
        publisher: page.publisher ?? null,
        image: null,
        date: null,
        url: target,
        description: page.description ?? null,
        logo: null,
      },
      statusCode: 200,
      redirected: false,
      headers: { "content-type": "text/html; charset=UTF-8" },
    });
  });
  return Object.assign(server, { url: `${server.origin}/`, pages });
}

/** A 16×16 indigo square, as a PNG: a real icon that a test can see drawn. */
export const sampleFaviconPng = Buffer.from(
  "iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAFklEQVR4nGPwd3tKEmIY1TCqYfhqAABe7noQUrS/JQAAAABJRU5ErkJggg==",
  "base64",
);

export interface FaviconStandIn extends RecordingServer {
  /** `MULTICLAW_FAVICON_URL`, with Google's path. */
  readonly url: string;
}

/** Google's `/s2/favicons?domain=<domain>&sz=<size>`: a PNG for every domain, as Google answers known ones. */
export async function startFaviconStandIn(): Promise<FaviconStandIn> {
  const server = await startRecordingServer((request, response) => {
    if (new URL(request.url, "http://stand-in").pathname !== "/s2/favicons") {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { "content-type": "image/png", "content-length": sampleFaviconPng.byteLength });
    response.end(sampleFaviconPng);
  });
  return Object.assign(server, { url: `${server.origin}/s2/favicons` });
}

export interface UpdateCdnStandIn extends RecordingServer {
  /** `MULTICLAW_UPDATES_URL`. */
  readonly url: string;
  /** Serves `body` at `path` (under /updates/v1); `null` answers 404 there. */
  serve(path: string, body: string | null): void;
}

/** The update CDN: signed manifests as static JSON files at `/updates/v1/<channel>/<os>.json`. */
export async function startUpdateCdnStandIn(): Promise<UpdateCdnStandIn> {
  const files = new Map<string, string>();
  const server = await startRecordingServer((request, response) => {
    const body = files.get(request.url);
    if (body === undefined) response.writeHead(404, { "content-type": "text/plain" }).end("not found");
    else sendJson(response, 200, JSON.parse(body));
  });
  return Object.assign(server, {
    url: `${server.origin}/updates/v1`,
    serve(path: string, body: string | null) {
      if (body === null) files.delete(`/updates/v1${path}`);
      else files.set(`/updates/v1${path}`, body);
    },
  });
}
