import { chmod, mkdir, readFile, writeFile } from "node:fs/promises";
import { dirname, join } from "node:path";
import { parseArgs } from "node:util";
import { UpdateChannel, UpdateOs, updateManifestPath } from "@multiclaw/protocol";
import { generateReleaseKeyPair, readReleasePrivateKey, signReleaseManifest } from "./release-signing.ts";

/*
 * `npm run release:sign`: writes a release's signed manifest where the update CDN (or a Cloud with
 * MULTICLAW_UPDATES_DIR) serves it, or with `--generate-key` makes a new release key pair. Kept apart from its
 * `-main` file so tests run it in-process.
 */

export const signReleaseUsage = `Usage:
  npm run release:sign -- --version 1.2.3 --channel stable --os linux --key <private key PEM> --out <dir>
      [--notes-url <url>] [--download-url <url>] [--command "<install command>"] [--valid-days 90]
  npm run release:sign -- --generate-key --key <path for the new private key PEM>

Writes <out>/<channel>/<os>.json. The install command defaults to "npm install -g multiclaw@<version>".
--generate-key writes the private key (mode 0600, never over an existing file) and prints the public key,
base64 of its raw 32 bytes, for apps/gateway/src/updates/trusted-update-keys.ts.`;

export interface SignReleaseIo {
  now(): Date;
  print(line: string): void;
}

/** Runs the command; throws with a message for the user (and the usage) on bad arguments. */
export async function runSignRelease(argv: readonly string[], io: SignReleaseIo): Promise<void> {
  const { values } = parseArgs({
    args: [...argv],
    strict: true,
    options: {
      version: { type: "string" },
      channel: { type: "string" },
      os: { type: "string" },
      key: { type: "string" },
      out: { type: "string" },
      "notes-url": { type: "string" },
      "download-url": { type: "string" },
      command: { type: "string" },
      "valid-days": { type: "string", default: "90" },
      "generate-key": { type: "boolean", default: false },
    },
  });
  const keyPath = required(values.key, "--key");

  if (values["generate-key"]) {
    const pair = generateReleaseKeyPair();
    await mkdir(dirname(keyPath), { recursive: true });
    // `wx`: a release key is never overwritten by accident; 0600 from the first byte.
    await writeFile(keyPath, pair.privateKeyPem, { flag: "wx", mode: 0o600 });
    await chmod(keyPath, 0o600);
    io.print(`private key written to ${keyPath} (mode 0600); keep it out of the repository`);
    io.print(`public key: ${pair.publicKey}`);
    return;
  }

  const version = required(values.version, "--version");
  const channel = UpdateChannel.safeParse(values.channel);
  if (!channel.success) throw new Error(`--channel must be one of ${UpdateChannel.options.join(", ")}`);
  const os = UpdateOs.safeParse(values.os);
  if (!os.success) throw new Error(`--os must be one of ${UpdateOs.options.join(", ")}`);
  const out = required(values.out, "--out");
  const validForDays = Number(values["valid-days"]);
  if (!Number.isInteger(validForDays) || validForDays < 1)
    throw new Error("--valid-days must be a whole number ≥ 1");

  const privateKey = readReleasePrivateKey(await readFile(keyPath, "utf8"));
  const envelope = signReleaseManifest(
    {
      version,
      channel: channel.data,
      os: os.data,
      releasedAt: io.now(),
      validForDays,
      ...(values["notes-url"] ? { notesUrl: values["notes-url"] } : {}),
      install: {
        command: values.command ?? `npm install -g multiclaw@${version}`,
        ...(values["download-url"] ? { downloadUrl: values["download-url"] } : {}),
      },
    },
    privateKey,
  );
  const file = join(out, ...updateManifestPath(channel.data, os.data).split("/"));
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, `${JSON.stringify(envelope, null, 2)}\n`);
  io.print(`signed ${version} (${channel.data}, ${os.data}) with key ${envelope.keyId}: ${file}`);
}

function required(value: string | undefined, flag: string): string {
  if (!value) throw new Error(`${flag} is required`);
  return value;
}
