/*
 * The egress guard: the inventory made binding. undici already lets a dispatcher own connection setup
 * (Agent's `connect` option) and already passes a custom `lookup` down to net/tls; what it does not have is an
 * allow-list, live conditions, the rebinding check on resolved addresses and a ledger — that is what is
 * written here. Node's http/https agents get the same decision in guarded-agents.ts.
 */
import type { Agent as HttpAgent } from "node:http";
import type { Agent as HttpsAgent } from "node:https";
import type { LookupFunction, Socket } from "node:net";
import type { Dispatcher, Agent as UndiciAgent, buildConnector as UndiciConnect } from "undici";
import type { Endpoint, ResolvedRow } from "../resolve-inventory.ts";
import type { ConnectionLedger } from "./connection-ledger.ts";
import { type ConditionCheck, type Decision, decide, describeTarget, type EgressTarget } from "./decide.ts";
import { EgressBlockedError } from "./egress-error.ts";
import { createGuardedAgents } from "./guarded-agents.ts";
import { createGuardedLookup } from "./guarded-lookup.ts";
import {
  markGuardedSocket,
  runGuarded,
  type SocketWatchOptions,
  watchUnguardedSockets,
} from "./socket-watch.ts";
import { Agent, buildConnector, getGlobalDispatcher, setGlobalDispatcher } from "./undici-parts.ts";

/** What the guard needs. */
export interface EgressGuardOptions {
  /** The rows of this installation, or a function returning the current ones (configuration can change). */
  inventory: readonly ResolvedRow[] | (() => readonly ResolvedRow[]);
  /** The live condition of a row, asked on every new connection. */
  conditions: ConditionCheck;
  ledger: ConnectionLedger;
  /** The resolver to guard (dns.lookup by default); tests inject one to simulate rebinding. */
  lookup?: LookupFunction;
  /** Extra certificate authorities to trust (e.g. a self-hosted Cloud's). Verification itself cannot be turned off. */
  ca?: string | Buffer | readonly (string | Buffer)[];
  /**
   * What caused the connection being decided now (read as the guard decides, in the caller's async context);
   * the ledger keeps it with the entry. See connection-causes.ts.
   */
  causeOf?: () => unknown;
}

/** The guard: one decision, applied to undici and to Node's agents, recorded in the ledger. */
export interface EgressGuard {
  /** The undici connector (for `new Agent({ connect })` or `new Client(url, { connect })`). */
  readonly connect: UndiciConnect.connector;
  /** An undici Agent that connects only through the guard. */
  readonly dispatcher: UndiciAgent;
  /** Node `http.Agent` / `https.Agent` that connect only through the guard. */
  readonly httpAgent: HttpAgent;
  readonly httpsAgent: HttpsAgent;
  /**
   * Node agents that connect for one row only (made once per row): for a link whose endpoint another row
   * shares, such as an embedded Cloud's event socket on the API's origin, so the ledger names the right row.
   */
  agentsFor(rowId: string): { httpAgent: HttpAgent; httpsAgent: HttpsAgent };
  /** The decision for a target, without connecting (for a UI that wants to explain before trying). */
  check(target: EgressTarget): Decision;
  /** Makes the guard undici's global dispatcher, so global `fetch` and WebSocket use it; returns an undo. */
  install(): () => void;
  /** Flags (and by default destroys) sockets opened around the guard; returns a function that stops. */
  watchSockets(options: SocketWatchOptions): () => void;
  close(): Promise<void>;
}

/** Parts the Node agents share with the undici connector. */
export interface GuardCore {
  decide(target: EgressTarget): Decision;
  lookupFor(row: ResolvedRow, endpoint: Endpoint, target: EgressTarget): LookupFunction;
  /** The cause of the connection being decided now, read before anything asynchronous happens. */
  causeOf(): unknown;
  /** Records an opened socket in the ledger, with its bytes as they cross, until it closes. */
  track(row: ResolvedRow, target: EgressTarget, socket: Socket, cause: unknown): void;
  /** Records a refusal (if the error is one) in the ledger. */
  refused(error: unknown, target: EgressTarget, cause: unknown): void;
  readonly ca: EgressGuardOptions["ca"];
}

function portOf(protocol: string, port: string | number | undefined): number {
  const number = Number(port);
  if (port !== undefined && port !== "" && Number.isInteger(number) && number > 0) return number;
  return protocol === "https:" ? 443 : 80;
}

/** Creates the guard. Nothing is installed globally until `install()`. */
export function createEgressGuard(options: EgressGuardOptions): EgressGuard {
  const rows = () => (typeof options.inventory === "function" ? options.inventory() : options.inventory);
  const { ledger } = options;

  const core: GuardCore = {
    ca: options.ca,
    decide: (target) => decide(rows(), options.conditions, target),
    lookupFor: (row, endpoint, target) =>
      createGuardedLookup(endpoint.reach, row.id, describeTarget(target), options.lookup),
    causeOf: () => options.causeOf?.(),
    track(row, target, socket, cause) {
      // The socket already counts what crosses it; the ledger reads those counts when asked (see
      // connection-ledger.ts for why not on each chunk), so an open connection's bytes show while it is open.
      const open = ledger.open({
        rowId: row.id,
        host: target.host,
        port: target.port,
        bytes: () => ({ bytesIn: socket.bytesRead, bytesOut: socket.bytesWritten }),
        cause,
      });
      socket.once("close", () => open.close());
    },
    refused(error, target, cause) {
      if (error instanceof EgressBlockedError) {
        ledger.blocked({
          rowId: error.rowId,
          host: target.host,
          port: target.port,
          reason: error.reason,
          cause,
        });
      }
    },
  };

  // One undici connector per row, reach and host: the lookup is fixed when a connector is built, and keeping
  // them keeps undici's TLS session cache working across connections.
  const connectors = new Map<string, UndiciConnect.connector>();
  const connectorFor = (row: ResolvedRow, endpoint: Endpoint, target: EgressTarget) => {
    const key = `${row.id}|${endpoint.reach}|${describeTarget(target)}`;
    let found = connectors.get(key);
    if (!found) {
      found = buildConnector({
        lookup: core.lookupFor(row, endpoint, target),
        // Explicit, so NODE_TLS_REJECT_UNAUTHORIZED=0 in the environment cannot turn verification off either.
        rejectUnauthorized: true,
        ...(options.ca ? { ca: options.ca as string | Buffer | (string | Buffer)[] } : {}),
      });
      connectors.set(key, found);
    }
    return found;
  };

  const connect: UndiciConnect.connector = (connectOptions, callback) => {
    const target: EgressTarget = {
      scheme: connectOptions.protocol,
      host: connectOptions.hostname,
      port: portOf(connectOptions.protocol, connectOptions.port),
    };
    // Read now: the connector's callback runs after a DNS lookup and a handshake.
    const cause = core.causeOf();
    if (connectOptions.socketPath) {
      const error = new EgressBlockedError(undefined, "unix sockets are not outbound connections", "unix:");
      return callback(error, null);
    }
    const decision = core.decide(target);
    if (!decision.allowed) {
      core.refused(decision.error, target, cause);
      return callback(decision.error, null);
    }
    const connector = connectorFor(decision.row, decision.endpoint, target);
    runGuarded(() =>
      connector(connectOptions, (error, socket) => {
        if (error) {
          core.refused(error, target, cause);
          return callback(error, null);
        }
        markGuardedSocket(socket as Socket);
        core.track(decision.row, target, socket as Socket, cause);
        callback(null, socket as Socket);
      }),
    );
  };

  const dispatcher = new Agent({ connect });
  const agents = createGuardedAgents(core);
  const rowAgents = new Map<string, { http: HttpAgent; https: HttpsAgent }>();
  let closing: Promise<void> | undefined;

  return {
    connect,
    dispatcher,
    httpAgent: agents.http,
    httpsAgent: agents.https,
    agentsFor(rowId) {
      let made = rowAgents.get(rowId);
      if (!made) {
        made = createGuardedAgents(core, rowId);
        rowAgents.set(rowId, made);
      }
      return { httpAgent: made.http, httpsAgent: made.https };
    },
    check: (target) => core.decide(target),
    install() {
      const previous: Dispatcher = getGlobalDispatcher();
      setGlobalDispatcher(dispatcher);
      return () => setGlobalDispatcher(previous);
    },
    watchSockets: (watchOptions) => watchUnguardedSockets(watchOptions),
    close() {
      // Idempotent: a caller may close early and its test harness again afterwards.
      closing ??= (async () => {
        for (const made of [agents, ...rowAgents.values()]) {
          made.http.destroy();
          made.https.destroy();
        }
        await dispatcher.close();
      })();
      return closing;
    },
  };
}
