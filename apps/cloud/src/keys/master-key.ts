import { createHash, randomBytes } from "node:crypto";
import { mkdir, readFile } from "node:fs/promises";
import { join } from "node:path";
import { inspect } from "node:util";
import { cloudEnvironment } from "../config.ts";
import { createOwnerOnlyFile, ownerOnlyFileExists } from "./owner-only-file.ts";

const KEY_BYTES = 32;

/**
 * One master key. The key material sits in a private field and the object prints and serialises as its id
 * only, so a master key that ends up in a log line or an error object shows `MasterKey(3f9a…)`, never itself.
 */
export class MasterKey {
  /** First 16 hex characters of SHA-256 of the key: stored beside each data key it wraps. */
  readonly id: string;
  readonly #material: Buffer;

  constructor(material: Buffer) {
    if (material.length !== KEY_BYTES) throw new Error(`A master key must be ${KEY_BYTES} bytes`);
    this.#material = Buffer.from(material);
    this.id = createHash("sha256").update(material).digest("hex").slice(0, 16);
  }

  /** The raw key, for the envelope functions only. */
  material(): Buffer {
    return this.#material;
  }

  toJSON(): { id: string } {
    return { id: this.id };
  }

  [inspect.custom](): string {
    return `MasterKey(${this.id})`;
  }
}

/** The current master key (wraps new data keys) and earlier ones still accepted for unwrapping. */
export interface MasterKeyRing {
  readonly current: MasterKey;
  /** Ids of every key in the ring, the current one first. */
  readonly ids: readonly string[];
  /** The key with this id, or undefined when this Cloud was not given it. */
  find(id: string): MasterKey | undefined;
}

/** A ring from keys already in memory; `loadMasterKeyRing` is the way in from configuration. */
export function createMasterKeyRing(current: MasterKey, previous: readonly MasterKey[] = []): MasterKeyRing {
  const byId = new Map<string, MasterKey>([[current.id, current]]);
  for (const key of previous) if (!byId.has(key.id)) byId.set(key.id, key);
  return {
    current,
    ids: [...byId.keys()],
    find: (id) => byId.get(id),
  };
}

export interface MasterKeySources {
  /** Base64 of 32 bytes (MULTICLAW_MASTER_KEY). Wins over the other sources. */
  masterKey?: string | undefined;
  /** A file holding the base64 key (MULTICLAW_MASTER_KEY_FILE). */
  masterKeyFile?: string | undefined;
  /** Comma-separated earlier keys still accepted for unwrapping (MULTICLAW_PREVIOUS_MASTER_KEYS). */
  previousMasterKeys?: string | undefined;
  /** Where the embedded default keeps its generated `master.key`. */
  dataDir: string;
}

/**
 * Loads the master keys from configuration: `masterKey`, else `masterKeyFile`, else `<dataDir>/master.key`,
 * generated on first start (0600 in a 0700 directory). The master key is never stored in the database, so a
 * copy of the database alone does not reveal a provider key.
 *
 * @example
 * const ring = await loadMasterKeyRing({ masterKey: config.masterKey, dataDir: config.dataDir });
 */
export async function loadMasterKeyRing(sources: MasterKeySources): Promise<MasterKeyRing> {
  const current = await loadCurrentKey(sources);
  const previous = parsePreviousKeys(sources.previousMasterKeys);
  return createMasterKeyRing(current, previous);
}

async function loadCurrentKey(sources: MasterKeySources): Promise<MasterKey> {
  if (sources.masterKey !== undefined && sources.masterKey.trim() !== "") {
    return parseKey(sources.masterKey, describeOption("masterKey"));
  }
  if (sources.masterKeyFile !== undefined && sources.masterKeyFile !== "") {
    const where = `${describeOption("masterKeyFile")} file ${sources.masterKeyFile}`;
    return parseKey(await readKeyFile(sources.masterKeyFile, where), where);
  }
  return loadOrCreateDefaultKey(sources.dataDir);
}

function parsePreviousKeys(list: string | undefined): MasterKey[] {
  if (list === undefined) return [];
  const entries = list
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  return entries.map((entry, index) =>
    parseKey(entry, `${describeOption("previousMasterKeys")} entry ${index + 1} of ${entries.length}`),
  );
}

function describeOption(option: "masterKey" | "masterKeyFile" | "previousMasterKeys"): string {
  return `${option} (${cloudEnvironment[option]})`;
}

const BASE64 = /^(?:[A-Za-z0-9+/]+={0,2}|[A-Za-z0-9_-]+)$/;
const HOW_TO_MAKE_ONE = "generate one with `openssl rand -base64 32`";

/** Parses base64 of 32 bytes. Messages say what is wrong with the value, never what the value is. */
function parseKey(text: string, where: string): MasterKey {
  const value = text.trim();
  if (!BASE64.test(value)) {
    throw new Error(
      `The master key in ${where} is not base64; it must be base64 of ${KEY_BYTES} bytes (${HOW_TO_MAKE_ONE})`,
    );
  }
  const bytes = Buffer.from(value, value.includes("-") || value.includes("_") ? "base64url" : "base64");
  if (bytes.length !== KEY_BYTES) {
    throw new Error(
      `The master key in ${where} decodes to ${bytes.length} bytes; it must be base64 of exactly ${KEY_BYTES} bytes (${HOW_TO_MAKE_ONE})`,
    );
  }
  const key = new MasterKey(bytes);
  bytes.fill(0);
  return key;
}

async function readKeyFile(path: string, where: string): Promise<string> {
  try {
    return await readFile(path, "utf8");
  } catch (error) {
    throw new Error(
      `Cannot read the master key from ${where}: ${(error as NodeJS.ErrnoException).code ?? error}`,
      {
        cause: error,
      },
    );
  }
}

/**
 * The embedded default: a key generated once into the data directory. It is written to a temporary file and
 * hard-linked into place, so two Cloud processes starting together agree on one key and neither ever reads a
 * half-written file.
 */
async function loadOrCreateDefaultKey(dataDir: string): Promise<MasterKey> {
  const path = join(dataDir, "master.key");
  const where = `the generated key file ${path}`;
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const existing = await readExistingDefaultKey(path, where);
  if (existing) return existing;

  const material = randomBytes(KEY_BYTES);
  if ((await createOwnerOnlyFile(path, `${material.toString("base64")}\n`)) === "exists") {
    // Another process created it first: its key is the key.
    material.fill(0);
    const winner = await readExistingDefaultKey(path, where);
    if (!winner) throw new Error(`${where} vanished while it was being created`);
    return winner;
  }
  const key = new MasterKey(material);
  material.fill(0);
  return key;
}

async function readExistingDefaultKey(path: string, where: string): Promise<MasterKey | null> {
  const exists = await ownerOnlyFileExists(
    path,
    (mode) =>
      `Refusing to use ${where}: its mode is ${mode}, so other users on this machine can read or change it. ` +
      `Restrict it with \`chmod 600 ${path}\` (and consider rotating the master key if others may have read it)`,
  );
  if (!exists) return null;
  return parseKey(await readKeyFile(path, where), where);
}
