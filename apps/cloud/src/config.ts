import { homedir } from "node:os";
import { join } from "node:path";
import envPaths from "env-paths";
import { z } from "zod";

/**
 * Cloud settings: explicit option → environment variable → default, parsed once at start. An error names both
 * the option and the variable.
 */
export const CloudConfigSchema = z.object({
  host: z.string().default("127.0.0.1"),
  port: z.coerce.number().int().min(0).max(65535).default(4800),
  /** The URL people and devices use to reach this Cloud (links in invitations and device codes). */
  publicUrl: z.url().optional(),
  /** Data directory of the embedded default: PGlite files and the generated master key live here. */
  dataDir: z.string().min(1),
  /** PostgreSQL in production; PGlite under dataDir when absent. */
  databaseUrl: z.string().min(1).optional(),
  /** Redis pub/sub fan-out across Cloud nodes (and shared rate limits); in-process when absent. */
  redisUrl: z.string().min(1).optional(),
  /** Master key: base64 of 32 bytes. Falls back to masterKeyFile, then to a generated key file under dataDir. */
  masterKey: z.string().min(1).optional(),
  masterKeyFile: z.string().min(1).optional(),
  /** Earlier master keys still accepted for unwrapping, comma-separated; data keys are re-wrapped at start. */
  previousMasterKeys: z.string().min(1).optional(),
  tlsCertFile: z.string().min(1).optional(),
  tlsKeyFile: z.string().min(1).optional(),
  /** Behind a reverse proxy: take the client address from X-Forwarded-For. */
  trustProxy: z.coerce.boolean().default(false),
  accessTokenTtlSeconds: z.coerce.number().int().min(30).max(900).default(900),
  refreshTokenTtlDays: z.coerce.number().int().min(1).max(365).default(60),
  heartbeatIntervalMs: z.coerce.number().int().min(100).max(300_000).default(15_000),
  eventPingIntervalMs: z.coerce.number().int().min(100).max(120_000).default(25_000),
  /** Events kept per workspace for replay; a client further behind is told to resync. */
  eventRetention: z.coerce.number().int().min(100).max(10_000_000).default(100_000),
  /** Bytes buffered for one event connection before it is dropped as a slow consumer. */
  maxBufferedBytes: z.coerce.number().int().min(1024).default(1_048_576),
  bodyLimitBytes: z.coerce.number().int().min(1024).max(10_485_760).default(262_144),
  signInRatePerMinute: z.coerce.number().int().min(1).default(20),
  deviceRatePerMinute: z.coerce.number().int().min(1).default(60),
  /** How often a device signing in is told to ask whether its code was approved (RFC 8628's `interval`). */
  devicePollIntervalSeconds: z.coerce.number().int().min(1).max(60).default(5),
  logLevel: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
  /** Where signed update manifests are (`<dir>/<channel>/<os>.json`), served as the update CDN; none if absent. */
  updatesDir: z.string().min(1).optional(),
  /**
   * The Pusher app progress travels through: id, key and secret together (hosted Pusher, or the same values on
   * every Cloud node). Absent: the Cloud's own endpoint with an app generated once under dataDir.
   */
  pusherAppId: z.string().min(1).optional(),
  pusherKey: z.string().min(1).optional(),
  pusherSecret: z.string().min(1).optional(),
  /** Hosted Pusher's cluster (e.g. `eu`), which names its hosts. */
  pusherCluster: z.string().min(1).optional(),
});

export type CloudConfig = z.infer<typeof CloudConfigSchema>;
export type CloudOptions = z.input<typeof CloudConfigSchema>;

/** Option name → environment variable. */
export const cloudEnvironment: Record<keyof CloudConfig, string> = {
  host: "MULTICLAW_CLOUD_HOST",
  port: "MULTICLAW_CLOUD_PORT",
  publicUrl: "MULTICLAW_CLOUD_PUBLIC_URL",
  dataDir: "MULTICLAW_HOME",
  databaseUrl: "DATABASE_URL",
  redisUrl: "REDIS_URL",
  masterKey: "MULTICLAW_MASTER_KEY",
  masterKeyFile: "MULTICLAW_MASTER_KEY_FILE",
  previousMasterKeys: "MULTICLAW_PREVIOUS_MASTER_KEYS",
  tlsCertFile: "MULTICLAW_TLS_CERT_FILE",
  tlsKeyFile: "MULTICLAW_TLS_KEY_FILE",
  trustProxy: "MULTICLAW_TRUST_PROXY",
  accessTokenTtlSeconds: "MULTICLAW_ACCESS_TOKEN_TTL_SECONDS",
  refreshTokenTtlDays: "MULTICLAW_REFRESH_TOKEN_TTL_DAYS",
  heartbeatIntervalMs: "MULTICLAW_HEARTBEAT_INTERVAL_MS",
  eventPingIntervalMs: "MULTICLAW_EVENT_PING_INTERVAL_MS",
  eventRetention: "MULTICLAW_EVENT_RETENTION",
  maxBufferedBytes: "MULTICLAW_EVENT_MAX_BUFFERED_BYTES",
  bodyLimitBytes: "MULTICLAW_BODY_LIMIT_BYTES",
  signInRatePerMinute: "MULTICLAW_SIGN_IN_RATE_PER_MINUTE",
  deviceRatePerMinute: "MULTICLAW_DEVICE_RATE_PER_MINUTE",
  devicePollIntervalSeconds: "MULTICLAW_DEVICE_POLL_INTERVAL_SECONDS",
  logLevel: "MULTICLAW_LOG_LEVEL",
  updatesDir: "MULTICLAW_UPDATES_DIR",
  pusherAppId: "MULTICLAW_PUSHER_APP_ID",
  pusherKey: "MULTICLAW_PUSHER_KEY",
  pusherSecret: "MULTICLAW_PUSHER_SECRET",
  pusherCluster: "MULTICLAW_PUSHER_CLUSTER",
};

/** The default data directory: `$XDG_DATA_HOME/multiclaw` on Linux and the platform's equivalent elsewhere. */
export function defaultDataDir(): string {
  try {
    return envPaths("multiclaw", { suffix: "" }).data;
  } catch {
    return join(homedir(), ".multiclaw");
  }
}

export function resolveCloudConfig(
  options: Partial<CloudOptions> = {},
  env: NodeJS.ProcessEnv = process.env,
): CloudConfig {
  const merged: Record<string, unknown> = {};
  for (const [option, variable] of Object.entries(cloudEnvironment)) {
    const explicit = options[option as keyof CloudOptions];
    const fromEnv = env[variable];
    merged[option] = explicit ?? (fromEnv === "" ? undefined : fromEnv);
  }
  merged.dataDir ??= defaultDataDir();
  if (typeof env.MULTICLAW_TRUST_PROXY === "string" && options.trustProxy === undefined) {
    merged.trustProxy = ["1", "true", "yes"].includes(env.MULTICLAW_TRUST_PROXY.toLowerCase());
  }
  const result = CloudConfigSchema.safeParse(merged);
  if (result.success) return result.data;
  const lines = result.error.issues.map((issue) => {
    const option = String(issue.path[0] ?? "");
    const variable = cloudEnvironment[option as keyof CloudConfig];
    return `  ${option}${variable ? ` (${variable})` : ""}: ${issue.message}`;
  });
  throw new Error(`Invalid Cloud configuration:\n${lines.join("\n")}`);
}
