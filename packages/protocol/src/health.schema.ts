import { z } from "zod";

export const HealthResponse = z.object({ status: z.literal("ok"), version: z.string() });

/** A dependency's state: "starting" while the node opens its database, before it can say more. */
const DependencyCheck = z.enum(["ok", "starting", "failing"]);

export const ReadinessResponse = z.object({
  status: z.enum(["ready", "not-ready"]),
  checks: z.object({ database: DependencyCheck, fanout: DependencyCheck }),
});
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
