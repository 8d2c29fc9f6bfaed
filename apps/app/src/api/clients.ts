import { type CloudClient, createCloudClient } from "@multiclaw/cloud-client";
import { createGatewayClient, type GatewayClient } from "@multiclaw/gateway-client";
import { GATEWAY_CLOUD_PREFIX, safeParseInSlices } from "@multiclaw/protocol";
import { nextTask } from "./next-task.ts";

/*
 * The page's two clients. Both talk to the page's own origin only: the gateway's local API, and `/cloud/*`,
 * which the gateway forwards to the Cloud as the signed-in user through its egress guard. Neither holds a
 * token: the App's session cookie (HttpOnly, SameSite=Strict) authenticates every call.
 */

const origin = window.location.origin;
const pageFetch = (url: string, init: RequestInit) => fetch(url, { ...init, credentials: "same-origin" });

export const gateway: GatewayClient = createGatewayClient({
  baseUrl: origin,
  fetch: pageFetch,
  openWebSocket: (url) => new WebSocket(url),
  // A 2,000-message conversation parsed at once is one long task; in slices, many short ones.
  parseAnswer: (schema, value) => safeParseInSlices(schema, value, { nextTask }),
});

export const cloud: CloudClient = createCloudClient({
  baseUrl: `${origin}${GATEWAY_CLOUD_PREFIX}`,
  fetch: pageFetch,
  auth: "session-cookie",
});
