import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";

/** `GET /v1/link-previews?url=…`: the title of a linked page, or why there is none (never an error). */
export function bindLinkPreviewHandlers(binder: GatewayRouteBinder, { linkPreviews }: LocalApiDeps): void {
  binder.bind("linkPreview", ({ query }) => linkPreviews.preview(query.url));
}
