import type { IncomingMessage } from "node:http";
import type { Duplex } from "node:stream";
import { CloudError } from "../errors.ts";
import { problemResponse } from "./problem.ts";

/** What serves requests once the Cloud is up: its HTTP app and its event stream's upgrades. */
export interface CloudHandlers {
  fetch(request: Request, env: unknown): Response | Promise<Response>;
  upgrade(request: IncomingMessage, socket: Duplex, head: Buffer): void;
}

/**
 * The Cloud's server from the moment it listens, before its database is open (PGlite takes most of a second):
 * `/healthz` answers at once, `/readyz` says it is starting, and every other request or event-stream upgrade
 * waits and is then served by the Cloud itself, so a client that connects early is answered, not refused. A
 * request that has waited `waitMs` answers 503 UNAVAILABLE with a Retry-After; so does every waiting one if
 * the start fails.
 */
export interface StartingGate extends CloudHandlers {
  /** The Cloud is up: waiting requests and every later one go to `handlers`. */
  open(handlers: CloudHandlers): void;
  /** The Cloud could not start: waiting requests are answered 503, waiting upgrades closed. */
  fail(): void;
}

const JSON_HEADERS = { "content-type": "application/json", "cache-control": "no-store" };

export function createStartingGate(options: { version: string; waitMs?: number }): StartingGate {
  const waitMs = options.waitMs ?? 30_000;
  let handlers: CloudHandlers | null = null;
  let failed = false;
  const waiting = new Set<(outcome: "open" | "failed") => void>();

  function settle(outcome: "open" | "failed"): void {
    for (const wake of waiting) wake(outcome);
    waiting.clear();
  }

  function opened(): Promise<boolean> {
    if (handlers) return Promise.resolve(true);
    if (failed) return Promise.resolve(false);
    return new Promise((resolve) => {
      const wake = (outcome: "open" | "failed") => {
        clearTimeout(timer);
        resolve(outcome === "open");
      };
      const timer = setTimeout(() => {
        waiting.delete(wake);
        resolve(false);
      }, waitMs);
      waiting.add(wake);
    });
  }

  const unavailable = () =>
    problemResponse(
      new CloudError("UNAVAILABLE", failed ? "The Cloud could not start" : "The Cloud is still starting", {
        retryAfterSeconds: 1,
      }),
    );

  return {
    fetch(request, env) {
      if (handlers) return handlers.fetch(request, env);
      const path = new URL(request.url).pathname;
      if (path === "/healthz" && request.method === "GET")
        return Response.json({ status: "ok", version: options.version }, { headers: JSON_HEADERS });
      if (path === "/readyz" && request.method === "GET") {
        const check = failed ? "failing" : "starting";
        return Response.json(
          { status: "not-ready", checks: { database: check, fanout: check } },
          { status: 503, headers: JSON_HEADERS },
        );
      }
      return opened().then((open) => (open && handlers ? handlers.fetch(request, env) : unavailable()));
    },
    upgrade(request, socket, head) {
      if (handlers) return handlers.upgrade(request, socket, head);
      void opened().then((open) => {
        if (open && handlers && !socket.destroyed) handlers.upgrade(request, socket, head);
        else socket.destroy();
      });
    },
    open(cloud) {
      handlers = cloud;
      settle("open");
    },
    fail() {
      failed = true;
      settle("failed");
    },
  };
}
