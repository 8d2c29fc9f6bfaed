/*
 * Node's own http/https clients (http.request, and libraries such as ws that take an `agent`) do not go
 * through undici, so they get agents whose createConnection applies the same decision. Node's Agent accepts
 * an asynchronous createConnection (it passes a callback and uses it when nothing is returned); we use that
 * to hand the refusal to the request as an error.
 */
import { Agent as HttpAgent } from "node:http";
import { Agent as HttpsAgent } from "node:https";
import type { Socket } from "node:net";
import type { Duplex } from "node:stream";
import type { EgressTarget } from "./decide.ts";
import { EgressBlockedError } from "./egress-error.ts";
import type { GuardCore } from "./egress-guard.ts";
import { runGuarded } from "./socket-watch.ts";

type Created = (error: Error | null, socket?: Duplex) => void;
type ConnectionOptions = Record<string, unknown> & {
  host?: string;
  hostname?: string;
  port?: number | string;
};

/**
 * Applies the decision, then lets the base agent connect with the guarded lookup and verification forced on.
 * Returns the socket, or undefined after reporting the refusal through `created`.
 */
function guardedCreate(
  core: GuardCore,
  scheme: "http:" | "https:",
  options: ConnectionOptions,
  created: Created,
  base: (options: ConnectionOptions) => Duplex,
  row: string | undefined,
): Duplex | undefined {
  const host = String(options.hostname ?? options.host ?? "localhost");
  const port = Number(options.port) || (scheme === "https:" ? 443 : 80);
  const target: EgressTarget = { scheme, host, port, ...(row ? { row } : {}) };
  const cause = core.causeOf();
  const refuse = (error: EgressBlockedError) => {
    core.refused(error, target, cause);
    // Node's agent expects the callback asynchronously, after createConnection has returned.
    process.nextTick(() => created(error));
    return undefined;
  };
  if (scheme === "https:" && options.rejectUnauthorized === false) {
    const reason = "certificate verification may not be turned off (rejectUnauthorized: false)";
    return refuse(new EgressBlockedError(undefined, reason, `${scheme}//${host}:${port}`));
  }
  const decision = core.decide(target);
  if (!decision.allowed) return refuse(decision.error);
  const socket = runGuarded(() =>
    base({
      ...options,
      lookup: core.lookupFor(decision.row, decision.endpoint, target),
      ...(scheme === "https:" ? { rejectUnauthorized: true, ...(core.ca ? { ca: core.ca } : {}) } : {}),
    }),
  );
  socket.once("error", (error) => core.refused(error, target, cause));
  core.track(decision.row, target, socket as Socket, cause);
  return socket;
}

/** The guarded Node agents (keep-alive, like undici's); with `row`, they connect for that row only. */
export function createGuardedAgents(core: GuardCore, row?: string): { http: HttpAgent; https: HttpsAgent } {
  class GuardedHttpAgent extends HttpAgent {
    override createConnection(options: ConnectionOptions, created: Created): Duplex {
      const base = (guarded: ConnectionOptions) => super.createConnection(guarded as never) as Duplex;
      return guardedCreate(core, "http:", options, created, base, row) as Duplex;
    }
  }
  class GuardedHttpsAgent extends HttpsAgent {
    override createConnection(options: ConnectionOptions, created: Created): Duplex {
      const base = (guarded: ConnectionOptions) => super.createConnection(guarded as never) as Duplex;
      return guardedCreate(core, "https:", options, created, base, row) as Duplex;
    }
  }
  return {
    http: new GuardedHttpAgent({ keepAlive: true }),
    https: new GuardedHttpsAgent({ keepAlive: true }),
  };
}
