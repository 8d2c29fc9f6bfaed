import type { IncomingMessage } from "node:http";
import { FaviconDomain, GATEWAY_FAVICON_PATH } from "@multiclaw/protocol";
import { z } from "zod";
import type { LocalApiRouter } from "./bind-gateway-routes.ts";
import type { FaviconLookup } from "./local-api-deps.ts";
import { LocalApiError } from "./local-api-error.ts";
import { parseInput } from "./parse-input.ts";
import type { RequestAuth } from "./request-auth.ts";

/*
 * `GET /v1/favicons/:domain`: a favicon as image bytes from the gateway's own origin, for an `<img>` of the App.
 * Bound on the router directly, like the Cloud proxy, because the route binder answers JSON only. The answer may
 * be kept a day by this browser alone (`private`); nosniff keeps it an image whatever its bytes look like.
 */

const faviconParams = z.strictObject({ domain: FaviconDomain });

export function bindFaviconHandler(deps: {
  router: LocalApiRouter;
  /** The API's credential check (the token, or the App's session cookie an `<img>` sends). */
  authenticate(request: IncomingMessage): RequestAuth;
  favicons: FaviconLookup;
}): void {
  deps.router.on("GET", `${GATEWAY_FAVICON_PATH}/:domain`, async (request, response, params) => {
    deps.authenticate(request);
    const { domain } = parseInput(faviconParams, { domain: params.domain?.toLowerCase() }, "path");
    const icon = await deps.favicons.icon(domain);
    if (!icon.found) throw new LocalApiError("NOT_FOUND", icon.message);
    response.writeHead(200, {
      "content-type": icon.contentType,
      "content-length": icon.bytes.byteLength,
      "cache-control": "private, max-age=86400",
      "x-content-type-options": "nosniff",
    });
    response.end(icon.bytes);
  });
}
