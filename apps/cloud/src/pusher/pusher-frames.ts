/*
 * The frames the endpoint sends, in Pusher's wire format: `data` is a JSON-encoded string for events, and an
 * object only in `pusher:error`, as the protocol documents and pusher-js expects.
 */

export function connectionEstablishedFrame(socketId: string, activityTimeoutSeconds: number): string {
  return JSON.stringify({
    event: "pusher:connection_established",
    data: JSON.stringify({ socket_id: socketId, activity_timeout: activityTimeoutSeconds }),
  });
}

/** `code` is one of the documented codes when the connection is closed with it, null for a refused request. */
export function errorFrame(code: number | null, message: string): string {
  return JSON.stringify({ event: "pusher:error", data: { code, message } });
}

export function subscriptionSucceededFrame(channel: string): string {
  return JSON.stringify({ event: "pusher_internal:subscription_succeeded", channel, data: "{}" });
}

export const pingFrame = JSON.stringify({ event: "pusher:ping", data: "{}" });
export const pongFrame = JSON.stringify({ event: "pusher:pong", data: "{}" });

/** A triggered event as subscribers receive it; `data` is passed on exactly as the trigger gave it. */
export function channelEventFrame(channel: string, event: string, data: string): string {
  return JSON.stringify({ event, channel, data });
}
