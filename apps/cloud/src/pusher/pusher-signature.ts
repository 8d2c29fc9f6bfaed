import { createHash, createHmac, timingSafeEqual } from "node:crypto";

/*
 * The two signatures of the Pusher protocol, as its documentation defines them: the channel authorization a
 * client presents in `pusher:subscribe`, and the request signature of the HTTP trigger API. Both are
 * HMAC-SHA256 hex digests keyed with the app secret.
 */

/** HMAC-SHA256 of `text` under `secret`, as lowercase hex. */
export function hmacHex(secret: string, text: string): string {
  return createHmac("sha256", secret).update(text, "utf8").digest("hex");
}

/** The text a private-channel authorization signs. */
export function channelAuthText(socketId: string, channel: string): string {
  return `${socketId}:${channel}`;
}

/**
 * The `auth` value for a private channel: `<key>:<HMAC-SHA256 of "<socket_id>:<channel>">`.
 *
 * @example
 * signChannelAuth({ key: "278d425bdf160c739803", secret: "7ad3773142a6692b25b8" }, "1234.1234", "private-foobar")
 * // "278d425bdf160c739803:58df8b0c36d6982b82c3ecf6b4662e34fe8c25bba48f5369f135bf843651c3a4"
 */
export function signChannelAuth(
  app: { key: string; secret: string },
  socketId: string,
  channel: string,
): string {
  return `${app.key}:${hmacHex(app.secret, channelAuthText(socketId, channel))}`;
}

/** Compares two strings in time that does not depend on where they first differ. */
export function sameSecretText(given: string, expected: string): boolean {
  const a = Buffer.from(given, "utf8");
  const b = Buffer.from(expected, "utf8");
  return a.length === b.length && timingSafeEqual(a, b);
}

/** MD5 of a request body as lowercase hex: the trigger API's `body_md5`. */
export function bodyMd5(body: string): string {
  return createHash("md5").update(body, "utf8").digest("hex");
}

/**
 * The text the trigger API signs: the method, the path, and every query parameter but `auth_signature`, keys
 * lowercased and sorted, joined as `key=value` with `&` and not URL-escaped.
 *
 * @example
 * requestSigningText("POST", "/apps/3/events", { auth_version: "1.0", auth_key: "k" })
 * // "POST\n/apps/3/events\nauth_key=k&auth_version=1.0"
 */
export function requestSigningText(
  method: string,
  path: string,
  query: Readonly<Record<string, string>>,
): string {
  const pairs = Object.entries(query)
    .filter(([name]) => name !== "auth_signature")
    .map(([name, value]) => [name.toLowerCase(), value] as const)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([name, value]) => `${name}=${value}`);
  return `${method.toUpperCase()}\n${path}\n${pairs.join("&")}`;
}
