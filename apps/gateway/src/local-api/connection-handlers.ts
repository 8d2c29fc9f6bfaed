import type { GatewayRouteBinder } from "./bind-gateway-routes.ts";
import type { LocalApiDeps } from "./local-api-deps.ts";
import { notFound } from "./local-api-error.ts";

/** The connection inventory and ledger (`multiclaw connections`), and blocking a row. */
export function bindConnectionHandlers(binder: GatewayRouteBinder, { connections }: LocalApiDeps): void {
  binder.bind("listConnections", async () => ({ rows: await connections.list() }));

  binder.bind("connectionLog", async ({ query }) => ({ entries: await connections.log(query.limit) }));

  binder.bind("blockConnection", async ({ params }) => {
    const row = await connections.setBlocked(params.rowId, true);
    if (!row) throw notFound("connection row");
    return row;
  });

  binder.bind("unblockConnection", async ({ params }) => {
    const row = await connections.setBlocked(params.rowId, false);
    if (!row) throw notFound("connection row");
    return row;
  });
}
