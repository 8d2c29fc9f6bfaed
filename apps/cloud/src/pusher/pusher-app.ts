import { randomBytes, randomInt } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { z } from "zod";
import { cloudEnvironment } from "../config.ts";
import { createOwnerOnlyFile, ownerOnlyFileExists } from "../keys/owner-only-file.ts";

/**
 * The Pusher app the Cloud signs for: its id, key and secret (and the cluster, for hosted Pusher). The secret
 * sits in a private field behind a getter, so the object logs and serialises without it.
 */
export class PusherApp {
  readonly appId: string;
  readonly key: string;
  readonly cluster: string | null;
  readonly #secret: string;

  constructor(settings: { appId: string; key: string; secret: string; cluster?: string | null }) {
    this.appId = settings.appId;
    this.key = settings.key;
    this.cluster = settings.cluster ?? null;
    this.#secret = settings.secret;
  }

  /** For the signing functions only. */
  get secret(): string {
    return this.#secret;
  }

  toJSON(): { appId: string; key: string; cluster: string | null } {
    return { appId: this.appId, key: this.key, cluster: this.cluster };
  }

  [inspect.custom](): string {
    return `PusherApp(${this.appId}, key ${this.key})`;
  }
}

export interface PusherAppSources {
  pusherAppId?: string | undefined;
  pusherKey?: string | undefined;
  pusherSecret?: string | undefined;
  pusherCluster?: string | undefined;
  /** Where the embedded default keeps its generated `pusher-app.json`. */
  dataDir: string;
}

const GeneratedApp = z.object({
  appId: z.string().regex(/^\d+$/),
  key: z.string().regex(/^[0-9a-f]{20}$/),
  secret: z.string().regex(/^[0-9a-f]{40}$/),
});

/**
 * The configured app (`pusherAppId`, `pusherKey` and `pusherSecret` together), else the embedded default: an
 * app generated once into `<dataDir>/pusher-app.json` (0600 in a 0700 directory) and reused by later starts.
 *
 * @example
 * const app = await loadPusherApp({ pusherKey: config.pusherKey, dataDir: cloudDir });
 */
export async function loadPusherApp(sources: PusherAppSources): Promise<PusherApp> {
  const given = {
    pusherAppId: sources.pusherAppId,
    pusherKey: sources.pusherKey,
    pusherSecret: sources.pusherSecret,
  };
  const missing = Object.entries(given).filter(([, value]) => value === undefined || value === "");
  if (missing.length === 0) {
    return new PusherApp({
      appId: given.pusherAppId as string,
      key: given.pusherKey as string,
      secret: given.pusherSecret as string,
      cluster: sources.pusherCluster ?? null,
    });
  }
  if (missing.length < 3 || sources.pusherCluster) {
    const names = missing.map(([option]) => `${option} (${cloudEnvironment[option as "pusherKey"]})`);
    throw new Error(
      `A Pusher app needs its id, key and secret together; missing ${names.join(", ")}. ` +
        "Set all three, or none for the Cloud's own generated app",
    );
  }
  return new PusherApp({ ...(await loadOrCreateGeneratedApp(sources.dataDir)), cluster: null });
}

/**
 * Written to a temporary file and hard-linked into place, as the master key is, so two Cloud processes
 * starting together agree on one app and neither reads a half-written file.
 */
async function loadOrCreateGeneratedApp(dataDir: string): Promise<z.infer<typeof GeneratedApp>> {
  const path = join(dataDir, "pusher-app.json");
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await readGeneratedApp(path);
  if (existing) return existing;

  const app = {
    appId: String(randomInt(100_000, 10_000_000)),
    key: randomBytes(10).toString("hex"),
    secret: randomBytes(20).toString("hex"),
  };
  if ((await createOwnerOnlyFile(path, `${JSON.stringify(app)}\n`)) === "exists") {
    // Another process created it first: its app is the app.
    const winner = await readGeneratedApp(path);
    if (!winner) throw new Error(`${path} vanished while it was being created`);
    return winner;
  }
  return app;
}

async function readGeneratedApp(path: string): Promise<z.infer<typeof GeneratedApp> | null> {
  const exists = await ownerOnlyFileExists(
    path,
    (mode) =>
      `Refusing to use the generated Pusher app ${path}: its mode is ${mode}, ` +
      `so other users on this machine can read or change its secret. Restrict it with \`chmod 600 ${path}\``,
  );
  if (!exists) return null;
  const text = await readFile(path, "utf8");
  let parsed: ReturnType<typeof GeneratedApp.safeParse>;
  try {
    parsed = GeneratedApp.safeParse(JSON.parse(text));
  } catch {
    parsed = GeneratedApp.safeParse(null);
  }
  if (!parsed.success) {
    throw new Error(`The generated Pusher app ${path} is damaged; remove it to generate a new one`);
  }
  return parsed.data;
}
