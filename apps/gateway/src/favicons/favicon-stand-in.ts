import { createServer, type IncomingHttpHeaders } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A stand-in for the favicon service (Google's s2 endpoint, `/s2/favicons?domain=…&sz=…`) on 127.0.0.1, for
 * tests: it answers as Google does (a PNG; a 404 with a generic icon for a domain it has none for) and records
 * every request exactly as it arrived.
 */

export interface RecordedFaviconRequest {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
}

export interface FaviconStandInAnswer {
  status: number;
  headers: Record<string, string>;
  body: Uint8Array;
}

/** A tiny valid PNG (1×1, transparent). */
export const samplePng = Uint8Array.from(
  Buffer.from(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=",
    "base64",
  ),
);

export interface FaviconStandIn {
  /** The endpoint to configure (`MULTICLAW_FAVICON_URL`), with Google's path. */
  readonly url: string;
  readonly requests: RecordedFaviconRequest[];
  /** Answers by domain; a domain without one gets Google's 404 with a generic icon. */
  readonly icons: Map<string, FaviconStandInAnswer>;
  /** Holds each answer until the returned function is called. */
  hold(): () => void;
  close(): Promise<void>;
}

export async function startFaviconStandIn(): Promise<FaviconStandIn> {
  const requests: RecordedFaviconRequest[] = [];
  const icons = new Map<string, FaviconStandInAnswer>();
  let held: Promise<void> | undefined;
  const server = createServer(async (request, response) => {
    requests.push({ method: request.method ?? "", url: request.url ?? "", headers: request.headers });
    if (held) await held;
    const url = new URL(request.url ?? "/", "http://stand-in");
    const answer =
      url.pathname === "/s2/favicons" ? icons.get(url.searchParams.get("domain") ?? "") : undefined;
    const { status, headers, body } = answer ?? {
      status: 404,
      headers: { "content-type": "image/png" },
      body: samplePng,
    };
    response.writeHead(status, { ...headers, "content-length": body.byteLength });
    response.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/s2/favicons`,
    requests,
    icons,
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
  };
}
