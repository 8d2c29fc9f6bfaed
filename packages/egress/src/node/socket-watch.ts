/*
 * A tripwire for sockets opened around the guard (a library with its own undici Agent, a raw net.connect).
 * Two channels are watched because neither covers everything: `net.client.socket` fires for every
 * net.connect() (plain TCP from any library) but not for tls.connect() on Node 20; `undici:client:connected`
 * fires for every undici client — the npm package and the copy bundled in Node — including TLS ones.
 * Known gap: tls.connect() called directly (not through undici) is not seen on Node 20.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import type { Socket } from "node:net";
import { EgressBlockedError } from "./egress-error.ts";

let guardedDepth = 0;
const guardedSockets = new WeakSet<object>();

/**
 * Runs `open` marked as the guard's own: a net.connect() made synchronously inside it is not flagged.
 * (The socket is published on the channel before net.connect returns, so it cannot be marked afterwards.)
 */
export function runGuarded<T>(open: () => T): T {
  guardedDepth += 1;
  try {
    return open();
  } finally {
    guardedDepth -= 1;
  }
}

/**
 * Marks a socket the guard opened, before handing it to undici (which publishes `undici:client:connected`
 * after our connector returns). Marking the connector would not do: undici wraps custom connectors.
 */
export function markGuardedSocket(socket: object): void {
  guardedSockets.add(socket);
}

/** What the watcher saw. */
export interface UnguardedSocket {
  readonly channel: "net.client.socket" | "undici:client:connected";
  /** `host:port` when the channel tells it (undici does; net.connect publishes before connecting). */
  readonly target: string | undefined;
}

/** Options of the watcher. */
export interface SocketWatchOptions {
  onUnguarded: (seen: UnguardedSocket) => void;
  /** Destroy the socket (default), or only report it. */
  destroy?: boolean;
}

/** Starts watching; returns a function that stops. */
export function watchUnguardedSockets(options: SocketWatchOptions): () => void {
  const destroy = options.destroy ?? true;
  const refuse = (socket: Socket | undefined, seen: UnguardedSocket) => {
    options.onUnguarded(seen);
    const reason = "socket opened outside the egress guard";
    if (destroy) socket?.destroy(new EgressBlockedError(undefined, reason, seen.target ?? "unknown target"));
  };
  const onNet = (message: unknown) => {
    if (guardedDepth > 0) return;
    refuse((message as { socket?: Socket }).socket, { channel: "net.client.socket", target: undefined });
  };
  const onUndici = (message: unknown) => {
    const { socket, connectParams } = message as {
      socket?: Socket;
      connectParams?: { hostname?: string; port?: string | number };
    };
    if (socket && guardedSockets.has(socket)) return;
    const target = connectParams ? `${connectParams.hostname}:${connectParams.port}` : undefined;
    refuse(socket, { channel: "undici:client:connected", target });
  };
  subscribe("net.client.socket", onNet);
  subscribe("undici:client:connected", onUndici);
  return () => {
    unsubscribe("net.client.socket", onNet);
    unsubscribe("undici:client:connected", onUndici);
  };
}
