import { z } from "zod";

export const HealthResponse = z.object({ status: z.literal("ok"), version: z.string() });

export const ReadinessResponse = z.object({
  status: z.enum(["ready", "not-ready"]),
  checks: z.object({
    database: z.enum(["ok", "failing"]),
    fanout: z.enum(["ok", "failing"]),
  }),
});
export type ReadinessResponse = z.infer<typeof ReadinessResponse>;
