import { sql } from "kysely";
import type { Database } from "./db/connect.ts";
import type { Fanout } from "./events/fanout.ts";
import type { RouteBinder } from "./http/bind-routes.ts";

/** /healthz says the process answers; /readyz says it can do its work (database and fan-out reachable). */
export function registerHealthRoutes(
  binder: RouteBinder,
  deps: { db: Database; fanout: Fanout; version: string },
) {
  binder.bind("health", async () => ({ status: "ok" as const, version: deps.version }));
  binder.bind("ready", async ({ context }) => {
    const [database, fanout] = await Promise.all([
      sql`select 1`
        .execute(deps.db)
        .then(() => "ok" as const)
        .catch(() => "failing" as const),
      deps.fanout.isHealthy().then((healthy) => (healthy ? ("ok" as const) : ("failing" as const))),
    ]);
    const ready = database === "ok" && fanout === "ok";
    const body = {
      status: ready ? ("ready" as const) : ("not-ready" as const),
      checks: { database, fanout },
    };
    return ready ? body : context.json(body, 503);
  });
}
