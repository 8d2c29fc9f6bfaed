import type { Fanout, FanoutMessage } from "./fanout.ts";

type Handler = (message: FanoutMessage) => void;

/**
 * The single-node fan-out: `publish` hands the message to every subscriber synchronously, before it returns,
 * so an event reaches this node's connections with no queue in between.
 *
 * @example
 * const fanout = createLocalFanout();
 * fanout.subscribe((message) => hub.receive(message));
 * await fanout.publish({ kind: "close-instance", instanceId });
 */
export function createLocalFanout(): Fanout {
  const handlers = new Set<Handler>();
  return {
    async publish(message) {
      deliverToAll(handlers, message);
    },
    subscribe(handler) {
      handlers.add(handler);
      return () => {
        handlers.delete(handler);
      };
    },
    async isHealthy() {
      return true;
    },
    async close() {
      handlers.clear();
    },
  };
}

/**
 * Every subscriber gets the message even if an earlier one throws; the first failure is then re-thrown so the
 * publisher logs it instead of it vanishing.
 */
export function deliverToAll(handlers: Iterable<Handler>, message: FanoutMessage): void {
  let failure: { error: unknown } | null = null;
  for (const handler of handlers) {
    try {
      handler(message);
    } catch (error) {
      failure ??= { error };
    }
  }
  if (failure) throw failure.error;
}
