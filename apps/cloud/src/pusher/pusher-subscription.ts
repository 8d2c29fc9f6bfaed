import { PusherSubscribeData } from "@multiclaw/protocol";
import { channelAuthText, hmacHex, sameSecretText } from "./pusher-signature.ts";

export type SubscriptionCheck = { ok: true; channel: string } | { ok: false; message: string };

/**
 * Whether a `pusher:subscribe` may go ahead. Public channels need nothing; `private-` (and
 * `private-encrypted-`, whose payloads the endpoint only relays) need `auth` = `<key>:<HMAC-SHA256 of
 * "<socket_id>:<channel>">` under the app secret. Presence and the other special channels are refused: the
 * Cloud's progress does not use them, and a half-made version would mislead a client that did.
 * The refusal messages follow Pusher's own wording, so what a developer searches for is what they see.
 */
export function checkSubscription(
  app: { key: string; secret: string },
  socketId: string,
  data: unknown,
): SubscriptionCheck {
  const parsed = PusherSubscribeData.safeParse(typeof data === "string" ? parseJson(data) : data);
  if (!parsed.success)
    return { ok: false, message: "Invalid subscription: a valid channel name is required" };
  const { channel, auth } = parsed.data;
  if (channel.startsWith("presence-") || channel.startsWith("#") || channel.startsWith("cache-")) {
    return { ok: false, message: `Channel type of ${channel} is not supported by this server` };
  }
  if (!channel.startsWith("private-")) return { ok: true, channel };

  const separator = auth?.indexOf(":") ?? -1;
  if (auth === undefined || separator < 0) {
    return { ok: false, message: `Auth info required to subscribe to ${channel}` };
  }
  const key = auth.slice(0, separator);
  const signature = auth.slice(separator + 1);
  if (key !== app.key) return { ok: false, message: `Invalid key in subscription auth data: '${key}'` };
  const text = channelAuthText(socketId, channel);
  if (!sameSecretText(signature, hmacHex(app.secret, text))) {
    return {
      ok: false,
      message: `Invalid signature: Expected HMAC SHA256 hex digest of ${text}, but got ${signature}`,
    };
  }
  return { ok: true, channel };
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return null;
  }
}
