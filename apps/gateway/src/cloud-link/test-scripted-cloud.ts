import { createCloudClient, type FetchFunction, staticTokenSource } from "@multiclaw/cloud-client";

/*
 * A Cloud answered at the fetch boundary with its exact wire shapes, for cases a healthy Cloud rarely produces
 * on demand (a delta it refuses, a 503 in the middle of a report).
 */

export const workspaceId = "ws_01j9zzzzzzzzzzzzzzzzzzzzzz";
export const instanceId = "ins_01j9zzzzzzzzzzzzzzzzzzzzzz";
export const taskId = "tsk_01j9zzzzzzzzzzzzzzzzzzzzzz";
export const userId = "usr_01j9zzzzzzzzzzzzzzzzzzzzzz";
export const at = "2030-01-01T00:00:00.000Z";

export function json(status: number, body: unknown, headers: Record<string, string> = {}) {
  return new Response(JSON.stringify(body), {
    status,
    headers: { "content-type": "application/json", ...headers },
  });
}

export function problem(status: number, code: string, retryable = false) {
  return new Response(JSON.stringify({ type: "x", title: code, status, code, retryable }), {
    status,
    headers: { "content-type": "application/problem+json" },
  });
}

/** A client whose every request is answered by `answer`; `requests` records path and headers. */
export function scriptedCloud(answer: (path: string, init: RequestInit) => Response | Promise<Response>) {
  const requests: Array<{ path: string; headers: Record<string, string> }> = [];
  const fetch: FetchFunction = async (url, init) => {
    const parsed = new URL(url);
    requests.push({ path: parsed.pathname + parsed.search, headers: init.headers as Record<string, string> });
    return answer(parsed.pathname + parsed.search, init);
  };
  const cloud = createCloudClient({ baseUrl: "http://cloud.test", fetch, auth: staticTokenSource("mca_x") });
  return { cloud, requests };
}
