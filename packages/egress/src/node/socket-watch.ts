/*
 * A tripwire for sockets opened around the guard (a library with its own undici Agent, a raw net.connect or
 * tls.connect). Two diagnostics channels are watched because neither covers everything: `net.client.socket`
 * fires for every net.connect() (plain TCP from any library); `undici:client:connected` fires for every undici
 * client — the npm package and the copy bundled in Node — including TLS ones. Node publishes nothing for a
 * tls.connect() that opens its own TCP connection (the `ws` package does that for wss:// without an agent), so
 * while watching, `tls.connect` is wrapped (and put back when the last watcher stops): hand-written because no
 * channel or hook reports it on Node 20 without enabling async hooks for every promise.
 */
import { subscribe, unsubscribe } from "node:diagnostics_channel";
import { syncBuiltinESMExports } from "node:module";
import { isIP, type Socket } from "node:net";
import tls from "node:tls";
import { isLoopbackHost } from "../resolve-inventory.ts";
import { classifyAddress } from "./address-class.ts";
import { EgressBlockedError } from "./egress-error.ts";

let guardedDepth = 0;
const guardedSockets = new WeakSet<object>();
/**
 * Inside a watched tls.connect(). Node 24 publishes `net.client.socket` from there too, before the target is
 * known, and destroying the socket inside that call throws in Node's connect; the wrapper judges it instead,
 * right after the call, with its target.
 */
let tlsConnectDepth = 0;

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
  readonly channel: "net.client.socket" | "undici:client:connected" | "tls.connect";
  /** `host:port` when the channel tells it (undici does; net.connect publishes before connecting). */
  readonly target: string | undefined;
}

/** Options of the watcher. */
export interface SocketWatchOptions {
  onUnguarded: (seen: UnguardedSocket) => void;
  /** Destroy the socket (default), or only report it. */
  destroy?: boolean;
  /**
   * Let sockets to loopback addresses through (the CLI's calls to the gateway's own API on 127.0.0.1, which is
   * not an outbound connection). Such a socket is judged once it is connected — a channel publishes it before
   * its address is known — and destroyed before anything written to it is sent if the address is not loopback.
   */
  allowLoopback?: boolean;
}

/** A connected socket's peer address is loopback (IPv4-mapped ones included). */
function connectedToLoopback(address: string | undefined): boolean {
  return address !== undefined && isIP(address) !== 0 && classifyAddress(address) === "loopback";
}

/** Starts watching; returns a function that stops. */
export function watchUnguardedSockets(options: SocketWatchOptions): () => void {
  const destroy = options.destroy ?? true;
  const refuseNow = (socket: Socket | undefined, seen: UnguardedSocket) => {
    options.onUnguarded(seen);
    const reason = "socket opened outside the egress guard";
    if (destroy) socket?.destroy(new EgressBlockedError(undefined, reason, seen.target ?? "unknown target"));
  };
  const refuse = (socket: Socket | undefined, seen: UnguardedSocket) => {
    if (!options.allowLoopback || socket === undefined) return refuseNow(socket, seen);
    const judge = () => {
      if (!connectedToLoopback(socket.remoteAddress)) {
        refuseNow(socket, { ...seen, target: seen.target ?? `${socket.remoteAddress}:${socket.remotePort}` });
      }
    };
    // Registered before the caller can write, so this runs before Node sends what was written while connecting.
    if (socket.connecting || socket.remoteAddress === undefined) socket.once("connect", judge);
    else judge();
  };
  const onNet = (message: unknown) => {
    if (guardedDepth > 0 || tlsConnectDepth > 0) return;
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
  const onTls = (socket: Socket, target: string | undefined) => {
    // The target is known here, so it is judged before the handshake sends anything (the name goes out in it).
    const host = target?.replace(/:\d+$/, "");
    if (options.allowLoopback && host !== undefined && isLoopbackHost(host)) return;
    refuseNow(socket, { channel: "tls.connect", target });
  };
  subscribe("net.client.socket", onNet);
  subscribe("undici:client:connected", onUndici);
  const stopTls = watchTlsConnect(onTls);
  return () => {
    unsubscribe("net.client.socket", onNet);
    unsubscribe("undici:client:connected", onUndici);
    stopTls();
  };
}

type TlsWatcher = (socket: Socket, target: string | undefined) => void;
const tlsWatchers = new Set<TlsWatcher>();
let unwrappedTlsConnect: typeof tls.connect | undefined;

/** The `host:port` a tls.connect() call names, from its (port, host, options) or (options) forms. */
function tlsTarget(args: unknown[]): { target: string | undefined; overSocket: boolean } {
  const options = args.find((arg) => typeof arg === "object" && arg !== null) as
    | { host?: string; port?: number | string; socket?: unknown }
    | undefined;
  const port = typeof args[0] === "number" || typeof args[0] === "string" ? args[0] : options?.port;
  const host = typeof args[1] === "string" ? args[1] : (options?.host ?? "localhost");
  return {
    target: port === undefined ? undefined : `${host}:${port}`,
    // TLS over a socket that already exists (STARTTLS, a proxy tunnel) opens no connection of its own: the
    // socket underneath was seen when it was opened.
    overSocket: options?.socket !== undefined,
  };
}

function watchTlsConnect(watcher: TlsWatcher): () => void {
  tlsWatchers.add(watcher);
  if (unwrappedTlsConnect === undefined) {
    const original = tls.connect;
    unwrappedTlsConnect = original;
    tls.connect = function watchedTlsConnect(this: unknown, ...args: unknown[]) {
      tlsConnectDepth += 1;
      let socket: tls.TLSSocket;
      try {
        socket = (original as (...all: unknown[]) => tls.TLSSocket).apply(this, args);
      } finally {
        tlsConnectDepth -= 1;
      }
      const { target, overSocket } = tlsTarget(args);
      if (guardedDepth === 0 && !overSocket && !guardedSockets.has(socket)) {
        for (const each of tlsWatchers) each(socket, target);
      }
      return socket;
    } as typeof tls.connect;
    // So that `import { connect } from "node:tls"` in ES modules sees the wrapper too.
    syncBuiltinESMExports();
  }
  return () => {
    tlsWatchers.delete(watcher);
    if (tlsWatchers.size === 0 && unwrappedTlsConnect !== undefined) {
      tls.connect = unwrappedTlsConnect;
      unwrappedTlsConnect = undefined;
      syncBuiltinESMExports();
    }
  };
}
