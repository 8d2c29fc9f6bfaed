import { isLoopbackHost } from "@multiclaw/egress";
import { UPDATES_PATH_PREFIX, UpdateChannel, UpdateOs } from "@multiclaw/protocol";

/*
 * Where and what the update check asks for: explicit option → environment variable → default, resolved once
 * at start. An error names the option and the variable.
 */

export interface UpdateSettings {
  /** The update server's base URL; manifests are at `<baseUrl>/<channel>/<os>.json`. */
  baseUrl: string;
  channel: UpdateChannel;
  /** This machine's operating system, or undefined where no release is published for it. */
  os: UpdateOs | undefined;
  /** Whether the gateway checks as it starts (the App's launch), or only when asked. */
  checkAtStart: boolean;
  /**
   * Public keys believed besides the shipped ones (base64 of the raw 32 bytes): a team that builds and signs
   * its own releases, served by its own update URL, names its key here. Configuration of this machine, never
   * something an update server can send.
   */
  extraTrustedKeys: readonly string[];
}

export const DEFAULT_UPDATES_URL = `https://cdn.multiclaw.io${UPDATES_PATH_PREFIX}`;

export const updateEnvironment = {
  baseUrl: "MULTICLAW_UPDATES_URL",
  channel: "MULTICLAW_UPDATE_CHANNEL",
  checkAtStart: "MULTICLAW_UPDATE_CHECK",
  extraTrustedKeys: "MULTICLAW_UPDATES_PUBLIC_KEYS",
} as const;

/** An Ed25519 public key as base64 of its raw 32 bytes. */
const RAW_ED25519_KEY = /^[A-Za-z0-9+/]{43}=$/;

function fail(option: keyof typeof updateEnvironment, problem: string): never {
  throw new Error(`Invalid update setting ${option} (${updateEnvironment[option]}): ${problem}`);
}

export function resolveUpdateSettings(
  options: { baseUrl?: string; channel?: string; checkAtStart?: boolean } = {},
  env: NodeJS.ProcessEnv = process.env,
  platform: string = process.platform,
): UpdateSettings {
  const baseUrl = (options.baseUrl ?? (env.MULTICLAW_UPDATES_URL || DEFAULT_UPDATES_URL)).replace(/\/+$/, "");
  let url: URL;
  try {
    url = new URL(baseUrl);
  } catch {
    fail("baseUrl", `${baseUrl} is not a URL`);
  }
  // The same rule the egress row enforces, said here first so a bad value fails the start, not every check.
  if (url.protocol !== "https:" && !(url.protocol === "http:" && isLoopbackHost(url.hostname))) {
    fail("baseUrl", `${baseUrl} must be https (plain http only on loopback)`);
  }
  const channel = UpdateChannel.safeParse(options.channel ?? (env.MULTICLAW_UPDATE_CHANNEL || "stable"));
  if (!channel.success) fail("channel", `must be one of ${UpdateChannel.options.join(", ")}`);
  const when = env.MULTICLAW_UPDATE_CHECK || "launch";
  if (options.checkAtStart === undefined && when !== "launch" && when !== "manual") {
    fail("checkAtStart", 'must be "launch" (check as the gateway starts) or "manual" (only when asked)');
  }
  const extraTrustedKeys = (env.MULTICLAW_UPDATES_PUBLIC_KEYS ?? "")
    .split(",")
    .map((key) => key.trim())
    .filter((key) => key !== "");
  for (const key of extraTrustedKeys) {
    if (!RAW_ED25519_KEY.test(key)) {
      fail(
        "extraTrustedKeys",
        `${key} is not an Ed25519 public key (base64 of 32 bytes, as release:sign prints)`,
      );
    }
  }
  const os = UpdateOs.safeParse(platform);
  return {
    baseUrl,
    channel: channel.data,
    os: os.success ? os.data : undefined,
    checkAtStart: options.checkAtStart ?? when === "launch",
    extraTrustedKeys,
  };
}
