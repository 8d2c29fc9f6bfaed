/** The Pusher event the bench triggers on Soketi: one public channel, one event name. */
export const benchChannel = "bench";
export const benchEventName = "bench-event";

/**
 * The REST body that triggers the bench event, and the frame Soketi then sends each subscriber, padded to
 * `frameBytes` so both systems push the same number of bytes per client. The data mimics a config-changed event.
 *
 * @example benchEventBody(3, 240).frame.length === 240
 */
export function benchEventBody(trial: number, frameBytes: number): { body: string; frame: string } {
  const build = (padding: number) => {
    const data = JSON.stringify({
      name: "config-changed",
      revision: trial,
      scope: "agents",
      pad: "x".repeat(padding),
    });
    return {
      body: JSON.stringify({ name: benchEventName, channel: benchChannel, data }),
      frame: JSON.stringify({ event: benchEventName, channel: benchChannel, data }),
    };
  };
  const unpadded = build(0);
  return build(Math.max(0, frameBytes - Buffer.byteLength(unpadded.frame)));
}
