import { z } from "zod";

/** Ids are a short type prefix and 26 Crockford base32 characters, e.g. `ws_01j9...`. */
export function prefixedId(prefix: string) {
  return z
    .string()
    .regex(new RegExp(`^${prefix}_[0-9a-hjkmnp-tv-z]{26}$`), `must be a ${prefix}_ id`)
    .describe(`${prefix}_ id`);
}

export const UserId = prefixedId("usr");
export const WorkspaceId = prefixedId("ws");
export const AgentId = prefixedId("agt");
export const TaskId = prefixedId("tsk");
export const InstanceId = prefixedId("ins");
export const InvitationId = prefixedId("inv");

export const idPrefixes = {
  user: "usr",
  workspace: "ws",
  agent: "agt",
  task: "tsk",
  instance: "ins",
  invitation: "inv",
  // Local to a gateway; never sent to the Cloud.
  conversation: "conv",
  run: "run",
  message: "msg",
  plan: "plan",
  approval: "apr",
} as const;

/** An RFC 3339 timestamp in UTC. */
export const Timestamp = z.iso.datetime({ offset: false });

export const Email = z
  .email()
  .max(254)
  .transform((value) => value.trim().toLowerCase());

export const DisplayName = z.string().trim().min(1).max(100);

/** A client-chosen key that makes a create or transition safe to retry. */
export const IdempotencyKey = z
  .string()
  .min(8)
  .max(128)
  .regex(/^[A-Za-z0-9._:-]+$/);

export const IDEMPOTENCY_HEADER = "idempotency-key";

export const Role = z.enum(["owner", "admin", "member"]);
export type Role = z.infer<typeof Role>;

export const Provider = z.enum(["openai", "anthropic", "gemini", "openai-compatible"]);
export type Provider = z.infer<typeof Provider>;
