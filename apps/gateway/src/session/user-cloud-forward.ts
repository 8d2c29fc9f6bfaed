import { errorFromFailedRequest, type FetchFunction } from "@multiclaw/cloud-client";

/** A request to one of the Cloud's user routes, as the local API received it, minus its credentials. */
export interface CloudForwardRequest {
  method: string;
  /** The Cloud path with its query string, e.g. `/v1/workspaces/ws_…/agents`. */
  target: string;
  /** The caller's headers that the Cloud reads (see `forwardedRequestHeaders`). */
  headers: Record<string, string>;
  body?: string;
}

/** The Cloud's answer, as it gave it. */
export interface CloudForwardAnswer {
  status: number;
  /** The Cloud's headers that say something about the answer (see `forwardedAnswerHeaders`). */
  headers: Record<string, string>;
  body: Uint8Array;
}

/** Request headers passed on to the Cloud; everything else (the local API token first) stays here. */
export const forwardedRequestHeaders = [
  "content-type",
  "accept",
  "idempotency-key",
  "if-none-match",
  "multiclaw-protocol",
] as const;

/** Answer headers passed back: what the answer is, when to retry, and whether it was a replay. */
export const forwardedAnswerHeaders = [
  "content-type",
  "etag",
  "retry-after",
  "idempotent-replayed",
  "location",
] as const;

const FORWARD_TIMEOUT_MS = 30_000;

/**
 * Sends one request to the Cloud with the user's access token and reads the whole answer (the Cloud's answers
 * are small JSON documents). Redirects are not followed: a bearer token never goes where an answer points.
 * A request that gets no answer throws a CloudError: UNAVAILABLE, or EGRESS_BLOCKED when the guard refused it.
 */
export async function sendToCloud(
  fetch: FetchFunction,
  cloudUrl: string,
  request: CloudForwardRequest,
  accessToken: string,
  timeoutMs = FORWARD_TIMEOUT_MS,
): Promise<CloudForwardAnswer> {
  const headers: Record<string, string> = {};
  for (const name of forwardedRequestHeaders) {
    const value = request.headers[name];
    if (value !== undefined) headers[name] = value;
  }
  headers.authorization = `Bearer ${accessToken}`;
  try {
    const response = await fetch(`${cloudUrl}${request.target}`, {
      method: request.method,
      headers,
      ...(request.body === undefined ? {} : { body: request.body }),
      redirect: "error",
      signal: AbortSignal.timeout(timeoutMs),
    });
    const body = new Uint8Array(await response.arrayBuffer());
    const answerHeaders: Record<string, string> = {};
    for (const name of forwardedAnswerHeaders) {
      const value = response.headers.get(name);
      if (value !== null) answerHeaders[name] = value;
    }
    return { status: response.status, headers: answerHeaders, body };
  } catch (error) {
    throw errorFromFailedRequest(error, `${request.method} ${request.target.split("?")[0]}`);
  }
}

/** The stable code of a problem document in an answer, if it is one. */
export function problemCodeOf(answer: CloudForwardAnswer): string | undefined {
  if (!answer.headers["content-type"]?.includes("json")) return undefined;
  try {
    const code = (JSON.parse(new TextDecoder().decode(answer.body)) as { code?: unknown }).code;
    return typeof code === "string" ? code : undefined;
  } catch {
    return undefined;
  }
}
