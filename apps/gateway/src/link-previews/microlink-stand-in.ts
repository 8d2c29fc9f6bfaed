import { createServer, type IncomingHttpHeaders, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A stand-in for the link-preview service (Microlink's API) on 127.0.0.1, for tests: it answers in Microlink's
 * own JSON shape, so the real `@microlink/mql` client runs against it, and records every request exactly as it
 * arrived.
 */

export interface RecordedRequest {
  method: string;
  /** Path and query as sent. */
  url: string;
  headers: IncomingHttpHeaders;
}

/** What a page looks like to the service. */
export interface StandInPage {
  title?: string | null;
  description?: string | null;
  publisher?: string | null;
}

export interface MicrolinkStandIn {
  /** The endpoint to configure (`MULTICLAW_LINK_PREVIEW_URL`). */
  readonly url: string;
  readonly requests: RecordedRequest[];
  /** Pages by URL; an unknown URL gets Microlink's failure answer. */
  readonly pages: Map<string, StandInPage>;
  /** Answers every request with this status and Microlink's error body, until set back to undefined. */
  failWith: number | undefined;
  /** Holds each answer until the returned function is called (one call releases all held). */
  hold(): () => void;
  close(): Promise<void>;
}

function json(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
  });
  response.end(text);
}

export async function startMicrolinkStandIn(): Promise<MicrolinkStandIn> {
  const requests: RecordedRequest[] = [];
  const pages = new Map<string, StandInPage>();
  let held: Promise<void> | undefined;
  const standIn = {
    failWith: undefined as number | undefined,
  };
  const server = createServer(async (request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    if (held) await held;
    const target = new URL(request.url ?? "/", "http://stand-in").searchParams.get("url") ?? "";
    if (standIn.failWith !== undefined) {
      json(response, standIn.failWith, {
        status: "error",
        code: "EFATAL",
        message: "The request has not been processed.",
        more: "https://microlink.io/efatal",
        url: target,
      });
      return;
    }
    const page = pages.get(target);
    if (!page) {
      json(response, 400, {
        status: "fail",
        code: "EINVALURL",
        message: `The URL \`${target}\` is not valid.`,
        more: "https://microlink.io/einvalurl",
        data: { url: `The URL \`${target}\` is not valid.` },
        url: target,
      });
      return;
    }
    json(response, 200, {
      status: "success",
      data: {
        lang: "en",
        author: null,
        title: page.title ?? null,
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
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(standIn, {
    url: `http://127.0.0.1:${port}/`,
    requests,
    pages,
    hold() {
      let release = () => {};
      held = new Promise<void>((resolve) => {
        release = () => {
          held = undefined;
          resolve();
        };
      });
      return release;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}
