import type { IncomingMessage } from "node:http";
import {
  type CloudRouteName,
  cloudRoutes,
  forwardedCloudRouteNames,
  GATEWAY_CLOUD_PREFIX,
  type RouteDefinition,
} from "@multiclaw/protocol";
import FindMyWay from "find-my-way";
import type { LocalApiRouter } from "./bind-gateway-routes.ts";
import type { UserControl } from "./local-api-deps.ts";
import { LocalApiError } from "./local-api-error.ts";
import { parseInput } from "./parse-input.ts";
import type { RequestAuth } from "./request-auth.ts";

/*
 * `/cloud/*`: the Cloud's user routes, forwarded as the user signed in through this gateway. The caller
 * authenticates with the local API's token or the App's session cookie like everywhere else; the gateway swaps
 * it for the user's access token and sends the request through its egress guard (the `cloud-api` row). The Cloud's answer — status, body,
 * content type, problem documents included — comes back as it is, so the Cloud's typed client works unchanged
 * with `baseUrl: \`${gatewayOrigin}/cloud\``.
 */

/** Request headers the Cloud reads; the caller's authorization is never among them. */
const passedHeaders = ["content-type", "accept", "idempotency-key", "if-none-match", "multiclaw-protocol"];

/** Which Cloud routes may be forwarded: a user's, by method and path. */
function forwardedRoutes(): FindMyWay.Instance<FindMyWay.HTTPVersion.V1> {
  const table = FindMyWay();
  for (const name of forwardedCloudRouteNames) {
    const route = cloudRoutes[name];
    table.on(route.method, route.path, () => undefined, { name });
  }
  return table;
}

function headerValue(request: IncomingMessage, name: string): string | undefined {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(", ") : value;
}

function hasBody(request: IncomingMessage): boolean {
  return (
    request.headers["transfer-encoding"] !== undefined || Number(request.headers["content-length"] ?? 0) > 0
  );
}

export function bindCloudProxy(deps: {
  router: LocalApiRouter;
  authenticate(request: IncomingMessage): RequestAuth;
  readBody(request: IncomingMessage): Promise<string>;
  user: UserControl;
}): void {
  const routes = forwardedRoutes();
  deps.router.all(`${GATEWAY_CLOUD_PREFIX}/*`, async (request, response) => {
    deps.authenticate(request);
    const target = (request.url ?? "/").slice(GATEWAY_CLOUD_PREFIX.length);
    const path = target.split("?")[0] ?? "/";
    const found = routes.find(request.method as FindMyWay.HTTPMethod, path);
    if (found === null) {
      throw new LocalApiError("NOT_FOUND", `${request.method} ${path} is not a Cloud route a user calls`);
    }
    // The path's parameters are checked as the Cloud would (ids, providers), so nothing like `..` reaches a URL.
    const route: RouteDefinition = cloudRoutes[(found.store as { name: CloudRouteName }).name];
    if (route.params) parseInput(route.params, found.params, "path");

    const headers: Record<string, string> = {};
    for (const header of passedHeaders) {
      const value = headerValue(request, header);
      if (value !== undefined) headers[header] = value;
    }
    const body = hasBody(request) ? await deps.readBody(request) : undefined;
    const answer = await deps.user.forward({
      method: request.method ?? "GET",
      target,
      headers,
      ...(body === undefined ? {} : { body }),
    });
    response.writeHead(answer.status, { ...answer.headers, "content-length": answer.body.byteLength });
    response.end(answer.body);
  });
}
