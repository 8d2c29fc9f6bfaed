import { randomBytes } from "node:crypto";
import { Redis } from "ioredis";
import type { Logger } from "pino";
import type { Fanout, FanoutMessage } from "./fanout.ts";
import { decodeFanoutMessage, encodeFanoutMessage, isValidNodeId, senderOf } from "./fanout-codec.ts";
import { deliverToAll } from "./local-fanout.ts";

/** The one pub/sub channel every Cloud node publishes to and listens on. */
export const FANOUT_CHANNEL = "multiclaw:fanout";

export interface RedisFanoutOptions {
  url: string;
  logger: Logger;
  /** Tags this node's messages so it can skip them when Redis echoes them back; random when omitted. */
  nodeId?: string;
  /** The pub/sub channel; every node of one Cloud must use the same. Defaults to FANOUT_CHANNEL. */
  channel?: string;
  /** How long `isHealthy` waits for PING before it answers false. */
  healthTimeoutMs?: number;
}

/**
 * The multi-node fan-out over Redis pub/sub. `publish` delivers to this node's subscribers at once, then sends
 * the message (serialised once) to the other nodes; this node ignores its own copy when Redis echoes it.
 * Resolves once both connections are up and subscribed; rejects if Redis cannot be reached.
 *
 * Redis pub/sub is at-most-once: a message lost while a link is down is made good by the event hub's gap fill
 * (on the next event) or by the client's reconnect with `lastSeq`.
 *
 * @example
 * const fanout = await createRedisFanout({ url: "redis://127.0.0.1:6379", logger });
 */
export async function createRedisFanout(options: RedisFanoutOptions): Promise<Fanout> {
  const nodeId = options.nodeId ?? randomBytes(8).toString("hex");
  if (!isValidNodeId(nodeId)) throw new Error(`Invalid fan-out node id ${JSON.stringify(nodeId)}`);
  const logger = options.logger.child({ component: "redis-fanout", nodeId });
  const healthTimeoutMs = options.healthTimeoutMs ?? 1000;
  const channelName = options.channel ?? FANOUT_CHANNEL;
  const handlers = new Set<(message: FanoutMessage) => void>();

  // No offline queue for publishing: while Redis is away a publish fails at once (and the change runner logs
  // it) instead of holding the caller's request until Redis returns.
  const publisher = new Redis(options.url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    commandTimeout: 2000,
    connectionName: `multiclaw-pub-${nodeId}`,
  });
  const subscriber = new Redis(options.url, { lazyConnect: true, connectionName: `multiclaw-sub-${nodeId}` });
  for (const [role, connection] of [
    ["publisher", publisher],
    ["subscriber", subscriber],
  ] as const) {
    connection.on("error", (error: Error) => logger.warn({ err: error, role }, "Redis connection error"));
  }

  subscriber.on("message", (channel: string, payload: string) => {
    if (channel !== channelName || senderOf(payload) === nodeId) return;
    let message: FanoutMessage;
    try {
      message = decodeFanoutMessage(payload).message;
    } catch (error) {
      logger.warn({ err: error }, "ignoring an unreadable fan-out message");
      return;
    }
    try {
      deliverToAll(handlers, message);
    } catch (error) {
      logger.error({ err: error, kind: message.kind }, "a fan-out subscriber failed");
    }
  });

  try {
    await Promise.all([publisher.connect(), subscriber.connect()]);
    await subscriber.subscribe(channelName);
  } catch (error) {
    publisher.disconnect();
    subscriber.disconnect();
    throw new Error(`Cannot reach Redis for the event fan-out: ${(error as Error).message}`, {
      cause: error,
    });
  }

  return {
    async publish(message) {
      const payload = encodeFanoutMessage(nodeId, message);
      // A failing local subscriber must not keep the message from the other nodes: report it afterwards.
      let localFailure: { error: unknown } | null = null;
      try {
        deliverToAll(handlers, message);
      } catch (error) {
        localFailure = { error };
      }
      await publisher.publish(channelName, payload);
      if (localFailure) throw localFailure.error;
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
    async isHealthy() {
      if (subscriber.status !== "ready" || publisher.status !== "ready") return false;
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<false>((resolve) => {
        timer = setTimeout(() => resolve(false), healthTimeoutMs);
      });
      const ping = publisher.ping().then(
        (reply) => reply === "PONG",
        () => false,
      );
      try {
        return await Promise.race([ping, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    async close() {
      handlers.clear();
      await Promise.allSettled([publisher.quit(), subscriber.quit()]);
      publisher.disconnect();
      subscriber.disconnect();
    },
  };
}
