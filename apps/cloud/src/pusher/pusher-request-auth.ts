import { bodyMd5, hmacHex, requestSigningText, sameSecretText } from "./pusher-signature.ts";

/** How far a request's `auth_timestamp` may be from the server's clock, as Pusher allows. */
export const MAX_CLOCK_SKEW_SECONDS = 600;

export interface SignedRequest {
  method: string;
  /** The path as requested, e.g. `/apps/3/events`. */
  path: string;
  /** The query parameters, decoded; a parameter given twice is refused before this. */
  query: Readonly<Record<string, string>>;
  /** The raw body, exactly as received. */
  body: string;
}

export type RequestAuthOutcome = { ok: true } | { ok: false; status: 401; message: string };

/**
 * Checks a trigger API request the way Pusher's HTTP API does: the app key, `auth_version` 1.0, a timestamp
 * within ten minutes, the body's MD5 (when there is a body), and the HMAC-SHA256 `auth_signature`. The
 * messages say what is wrong, never the secret or the signature that would have been right.
 *
 * @example
 * const outcome = verifySignedRequest(app, request, Math.floor(Date.now() / 1000));
 * if (!outcome.ok) return new Response(outcome.message, { status: outcome.status });
 */
export function verifySignedRequest(
  app: { key: string; secret: string },
  request: SignedRequest,
  nowSeconds: number,
): RequestAuthOutcome {
  const refuse = (message: string): RequestAuthOutcome => ({ ok: false, status: 401, message });
  const { query } = request;
  if (query.auth_key === undefined) return refuse("Missing auth_key");
  if (!sameSecretText(query.auth_key, app.key)) return refuse("Unknown auth_key");
  if (query.auth_version !== "1.0") return refuse("auth_version must be 1.0");
  const timestamp = Number(query.auth_timestamp);
  if (query.auth_timestamp === undefined || !/^\d+$/.test(query.auth_timestamp)) {
    return refuse("Missing or malformed auth_timestamp");
  }
  if (Math.abs(nowSeconds - timestamp) > MAX_CLOCK_SKEW_SECONDS) {
    return refuse(
      `Timestamp expired: given timestamp (${timestamp}) not within ${MAX_CLOCK_SKEW_SECONDS}s of server time (${nowSeconds})`,
    );
  }
  if (request.body.length > 0) {
    if (query.body_md5 === undefined) return refuse("Missing body_md5 for a request with a body");
    if (query.body_md5 !== bodyMd5(request.body)) return refuse("body_md5 does not match the body");
  }
  if (query.auth_signature === undefined) return refuse("Missing auth_signature");
  const text = requestSigningText(request.method, request.path, query);
  if (!sameSecretText(query.auth_signature, hmacHex(app.secret, text))) {
    return refuse(
      `Invalid signature: you should have sent HmacSHA256Hex(${JSON.stringify(text)}, your_secret_key)`,
    );
  }
  return { ok: true };
}
