import { z } from "zod";

/**
 * Every error the Cloud returns carries one of these stable codes. Clients branch on the code, never on the
 * message. `httpStatus` is the one table that maps codes to HTTP statuses; `closeCode` maps the ones that can
 * end an event connection to WebSocket close codes.
 */
export const errorCodes = {
  BAD_REQUEST: { httpStatus: 400, retryable: false, title: "The request is malformed" },
  VALIDATION_FAILED: { httpStatus: 400, retryable: false, title: "The request did not pass validation" },
  BODY_TOO_LARGE: { httpStatus: 413, retryable: false, title: "The request body is too large" },
  UNSUPPORTED_MEDIA_TYPE: { httpStatus: 415, retryable: false, title: "The request body must be JSON" },
  AUTH_REQUIRED: { httpStatus: 401, retryable: false, title: "Sign-in required" },
  AUTH_INVALID: { httpStatus: 401, retryable: false, title: "The credentials are not valid" },
  AUTH_EXPIRED: { httpStatus: 401, retryable: false, title: "The access token has expired" },
  REFRESH_REUSED: {
    httpStatus: 401,
    retryable: false,
    title: "This refresh token was already used; its session has been revoked",
  },
  INSTANCE_REVOKED: { httpStatus: 401, retryable: false, title: "This instance has been revoked" },
  FORBIDDEN: { httpStatus: 403, retryable: false, title: "Your role does not allow this" },
  NOT_FOUND: { httpStatus: 404, retryable: false, title: "Not found" },
  EMAIL_TAKEN: { httpStatus: 409, retryable: false, title: "An account with this email already exists" },
  CONFLICT: { httpStatus: 409, retryable: false, title: "The resource changed; reload and try again" },
  INVALID_TRANSITION: { httpStatus: 409, retryable: false, title: "The task cannot move to that state" },
  IDEMPOTENCY_MISMATCH: {
    httpStatus: 422,
    retryable: false,
    title: "This idempotency key was used with a different request",
  },
  INVITATION_INVALID: {
    httpStatus: 410,
    retryable: false,
    title: "This invitation has expired or was already used",
  },
  ALREADY_MEMBER: { httpStatus: 409, retryable: false, title: "Already a member of this workspace" },
  LAST_OWNER: { httpStatus: 409, retryable: false, title: "A workspace must keep at least one owner" },
  CHANNEL_FORBIDDEN: {
    httpStatus: 403,
    retryable: false,
    title: "Only the user a progress channel belongs to may subscribe to it",
  },
  AUTHORIZATION_PENDING: {
    httpStatus: 400,
    retryable: true,
    title: "The user has not approved this device yet",
  },
  SLOW_DOWN: { httpStatus: 400, retryable: true, title: "Polling too fast; wait longer between requests" },
  DEVICE_CODE_EXPIRED: { httpStatus: 400, retryable: false, title: "The device code has expired" },
  DEVICE_DENIED: { httpStatus: 400, retryable: false, title: "The user denied this device" },
  RATE_LIMITED: { httpStatus: 429, retryable: true, title: "Too many requests" },
  PROTOCOL_UNSUPPORTED: { httpStatus: 426, retryable: false, title: "Protocol version not supported" },
  INTERNAL: { httpStatus: 500, retryable: true, title: "Something went wrong on our side" },
  UNAVAILABLE: { httpStatus: 503, retryable: true, title: "A dependency is unavailable" },

  // The gateway and the agent runtime (local API, run events, CLI).
  NOT_SIGNED_IN: { httpStatus: 401, retryable: false, title: "This gateway is not signed in to a Cloud" },
  HOST_FORBIDDEN: { httpStatus: 403, retryable: false, title: "The Host or Origin is not this gateway's" },
  EGRESS_BLOCKED: {
    httpStatus: 403,
    retryable: false,
    title: "The connection is not allowed by the connection inventory",
  },
  KEY_NOT_CONFIGURED: {
    httpStatus: 409,
    retryable: false,
    title: "No API key is configured for this provider",
  },
  KEY_REJECTED: { httpStatus: 502, retryable: false, title: "The provider rejected the API key" },
  PROVIDER_RATE_LIMITED: {
    httpStatus: 429,
    retryable: true,
    title: "The provider is rate limiting requests",
  },
  PROVIDER_ERROR: { httpStatus: 502, retryable: true, title: "The provider returned an error" },
  PROVIDER_TIMEOUT: { httpStatus: 504, retryable: true, title: "The provider did not answer in time" },
  PROVIDER_STREAM_MALFORMED: {
    httpStatus: 502,
    retryable: true,
    title: "The provider sent a response that could not be read",
  },
  TOOL_NOT_FOUND: { httpStatus: 404, retryable: false, title: "No such tool" },
  TOOL_INPUT_INVALID: { httpStatus: 400, retryable: false, title: "The tool's arguments are not valid" },
  TOOL_DENIED: { httpStatus: 403, retryable: false, title: "The tool call was not allowed" },
  APPROVAL_EXPIRED: {
    httpStatus: 409,
    retryable: false,
    title: "The tool call waited too long for a decision and was denied",
  },
  TOOL_FAILED: { httpStatus: 422, retryable: false, title: "The tool call failed" },
  TOOL_TIMEOUT: { httpStatus: 504, retryable: true, title: "The tool call took too long" },
  TOOL_UNAVAILABLE: { httpStatus: 503, retryable: true, title: "The tool is unavailable right now" },
  PATH_OUTSIDE_WORKSPACE: {
    httpStatus: 403,
    retryable: false,
    title: "The path is outside the agent's workspace directory",
  },
  MCP_SERVER_UNAVAILABLE: { httpStatus: 503, retryable: true, title: "The MCP server is not running" },
  MCP_PROTOCOL_ERROR: { httpStatus: 502, retryable: false, title: "The MCP server answered with garbage" },
  RUN_CANCELLED: { httpStatus: 409, retryable: false, title: "The run was cancelled" },
  RUN_INTERRUPTED: { httpStatus: 409, retryable: false, title: "The run was interrupted by a restart" },
  PLAN_REJECTED: { httpStatus: 409, retryable: false, title: "The plan was rejected" },
  SKILL_INVALID: {
    httpStatus: 422,
    retryable: false,
    title: "The skill is not a valid Agent Skill (SKILL.md, its front matter or a file path)",
  },
  SKILL_TOO_LARGE: { httpStatus: 413, retryable: false, title: "The skill has too many or too large files" },
} as const satisfies Record<string, { httpStatus: number; retryable: boolean; title: string }>;

export type ErrorCode = keyof typeof errorCodes;
export const ErrorCodeSchema = z.enum(Object.keys(errorCodes) as [ErrorCode, ...ErrorCode[]]);

/**
 * WebSocket close codes of the event stream (4000–4999 are application codes).
 * A client reconnects after `SERVER_RESTART`, `SLOW_CONSUMER` and `PING_TIMEOUT`; it must sign in again
 * after `AUTH_*`, and must stop after `MEMBERSHIP_REVOKED`.
 */
export const eventCloseCodes = {
  NORMAL: 1000,
  SERVER_RESTART: 1012,
  PROTOCOL_UNSUPPORTED: 4000,
  BAD_FRAME: 4001,
  AUTH_REQUIRED: 4401,
  AUTH_INVALID: 4402,
  AUTH_EXPIRED: 4403,
  MEMBERSHIP_REVOKED: 4404,
  HELLO_TIMEOUT: 4408,
  SLOW_CONSUMER: 4429,
  PING_TIMEOUT: 4410,
} as const;

/**
 * An RFC 9457 problem document with our stable `code`. `errors` lists field-level validation issues.
 */
export const ProblemSchema = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number().int(),
  code: ErrorCodeSchema,
  detail: z.string().optional(),
  retryable: z.boolean(),
  errors: z
    .array(z.object({ path: z.string(), message: z.string() }))
    .optional()
    .describe("Field-level problems, for VALIDATION_FAILED"),
  retryAfterSeconds: z.number().int().optional(),
});
export type Problem = z.infer<typeof ProblemSchema>;

export const PROBLEM_CONTENT_TYPE = "application/problem+json";

export function problemType(code: ErrorCode): string {
  return `https://multiclaw.dev/errors/${code.toLowerCase().replaceAll("_", "-")}`;
}
