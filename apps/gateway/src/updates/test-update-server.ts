import { createServer, type IncomingHttpHeaders, type Server } from "node:http";
import type { AddressInfo } from "node:net";

/*
 * A stand-in update CDN on 127.0.0.1: answers each path with the body a test put there (404 otherwise) and
 * records every request exactly as it arrived, so a test can say what the update check sent.
 */

export interface RecordedRequest {
  method: string;
  path: string;
  headers: IncomingHttpHeaders;
  /** Header names in the order sent, lower case. */
  headerNames: string[];
}

export interface TestUpdateServer {
  readonly origin: string;
  readonly requests: RecordedRequest[];
  /** Serves `body` (application/json) at `path`; `null` removes it. */
  serve(path: string, body: string | null): void;
  /** Called as each request arrives, before it is answered. */
  onRequest(listener: (request: RecordedRequest) => void): void;
  close(): Promise<void>;
}

export async function startTestUpdateServer(): Promise<TestUpdateServer> {
  const files = new Map<string, string>();
  const requests: RecordedRequest[] = [];
  const listeners: ((request: RecordedRequest) => void)[] = [];
  const server: Server = createServer((request, response) => {
    const recorded: RecordedRequest = {
      method: request.method ?? "",
      path: request.url ?? "",
      headers: request.headers,
      headerNames: request.rawHeaders.filter((_, index) => index % 2 === 0).map((name) => name.toLowerCase()),
    };
    requests.push(recorded);
    for (const listener of listeners) listener(recorded);
    const body = files.get(recorded.path);
    if (body === undefined) {
      response.writeHead(404, { "content-type": "text/plain" }).end("not found");
      return;
    }
    response.writeHead(200, { "content-type": "application/json" }).end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    requests,
    serve(path, body) {
      if (body === null) files.delete(path);
      else files.set(path, body);
    },
    onRequest: (listener) => listeners.push(listener),
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
