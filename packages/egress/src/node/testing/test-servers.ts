/*
 * Real servers on 127.0.0.1 for the guard's tests: an HTTP and an HTTPS server (self-signed certificate made
 * with openssl into a temp dir), each counting the TCP connections it accepted, so a test can prove that a
 * refused request never reached the network.
 */
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import {
  createServer as createHttpServer,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from "node:http";
import { createServer as createHttpsServer } from "node:https";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";

/** A self-signed certificate for `localhost` and 127.0.0.1. */
export interface TestCertificate {
  key: string;
  cert: string;
}

/** Creates a certificate with openssl; the temp dir is removed before returning. */
export function createTestCertificate(): TestCertificate {
  const dir = mkdtempSync(join(tmpdir(), "egress-cert-"));
  try {
    const key = join(dir, "key.pem");
    const cert = join(dir, "cert.pem");
    execFileSync(
      "openssl",
      [
        ...["req", "-x509", "-newkey", "rsa:2048", "-nodes", "-days", "1", "-keyout", key, "-out", cert],
        ...["-subj", "/CN=localhost", "-addext", "subjectAltName=DNS:localhost,IP:127.0.0.1"],
      ],
      { stdio: "ignore" },
    );
    return { key: readFileSync(key, "utf8"), cert: readFileSync(cert, "utf8") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** A listening test server. */
export interface TestServer {
  readonly port: number;
  /** TCP connections accepted so far. */
  connections(): number;
  close(): Promise<void>;
}

/** Replies "hello <request body>" to every request. */
function reply(request: IncomingMessage, response: ServerResponse) {
  let body = "";
  request.setEncoding("utf8");
  request.on("data", (chunk: string) => {
    body += chunk;
  });
  request.on("end", () => response.end(`hello ${body}`));
}

async function listen(server: Server): Promise<TestServer> {
  let accepted = 0;
  server.on("connection", () => {
    accepted += 1;
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  return {
    port: (server.address() as AddressInfo).port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** An HTTP server on 127.0.0.1 and a free port. */
export function startHttpServer(): Promise<TestServer> {
  return listen(createHttpServer(reply));
}

/** An HTTPS server on 127.0.0.1 with the given certificate. */
export function startHttpsServer(certificate: TestCertificate): Promise<TestServer> {
  return listen(createHttpsServer(certificate, reply));
}
