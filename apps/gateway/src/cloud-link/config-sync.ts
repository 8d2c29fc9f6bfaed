import { type CloudClient, isCloudError } from "@multiclaw/cloud-client";
import type { ConfigDelta } from "@multiclaw/protocol";
import type { ConfigState } from "./config-state.ts";
import type { LinkLogger } from "./link-logger.ts";

export interface ConfigSyncDeps {
  cloud: CloudClient;
  workspaceId: string;
  state: ConfigState;
  logger: LinkLogger;
  /** The configuration is confirmed current at `revision`. */
  onSynced(revision: number): void;
}

/** Keeps the config state current. Requests made while a sync runs are merged into one follow-up. */
export interface ConfigSync {
  /** Brings the state up to date: a delta from the applied revision, or a snapshot when there is none. */
  catchUp(): Promise<void>;
  /** The Cloud announced `revision`: catch up if the state is older. */
  revisionSeen(revision: number): Promise<void>;
  /** A fresh snapshot, whatever is applied (after a resync). */
  resnapshot(): Promise<void>;
}

type Kind = "delta" | "snapshot";

interface Queued {
  kind: Kind;
  promise: Promise<void>;
}

/**
 * Delta sync with a snapshot fallback. A delta is asked from the applied revision; when the Cloud cannot give
 * one (a restored database, a delta that does not fit) the snapshot replaces everything. Snapshots are
 * conditional on the last ETag, so an unchanged configuration costs a 304.
 */
export function createConfigSync(deps: ConfigSyncDeps): ConfigSync {
  const { cloud, workspaceId, state, logger } = deps;
  let etag: string | null = null;
  let running: Promise<void> | null = null;
  let queued: Queued | null = null;

  async function snapshot(): Promise<void> {
    const answer = await cloud.exchange("configSnapshot", {
      params: { workspaceId },
      ...(etag && state.current() ? { ifNoneMatch: etag } : {}),
    });
    if (answer.body) {
      state.applySnapshot(answer.body);
      etag = answer.etag;
    }
    const revision = state.current()?.revision;
    if (revision !== undefined) deps.onSynced(revision);
  }

  async function delta(): Promise<void> {
    const current = state.current();
    if (!current) return snapshot();
    let answer: ConfigDelta;
    try {
      answer = await cloud.call("configDelta", {
        params: { workspaceId },
        query: { since: current.revision },
      });
    } catch (error) {
      // Authentication and reachability errors are the link's business; anything else means "no delta".
      if (isCloudError(error) && (error.status === null || error.status === 401)) throw error;
      logger.warn(
        { code: isCloudError(error) ? error.code : undefined },
        "config delta refused; taking a snapshot",
      );
      return snapshot();
    }
    try {
      state.applyDelta(answer);
    } catch {
      logger.warn({ from: answer.fromRevision }, "config delta did not fit; taking a snapshot");
      return snapshot();
    }
    deps.onSynced(answer.revision);
  }

  function run(kind: Kind): Promise<void> {
    if (!running && !queued) return launch(kind);
    // One follow-up run covers every request made meanwhile; a snapshot request wins over a delta.
    if (queued) {
      if (kind === "snapshot") queued.kind = "snapshot";
      return queued.promise;
    }
    const entry: Queued = { kind, promise: Promise.resolve() };
    entry.promise = (running ?? Promise.resolve())
      .catch(() => undefined)
      .then(() => {
        queued = null;
        return launch(entry.kind);
      });
    queued = entry;
    return entry.promise;
  }

  function launch(kind: Kind): Promise<void> {
    const work = (kind === "snapshot" ? snapshot() : delta()).finally(() => {
      if (running === work) running = null;
    });
    running = work;
    return work;
  }

  return {
    catchUp: () => run(state.current() ? "delta" : "snapshot"),
    revisionSeen(revision) {
      const applied = state.current()?.revision;
      if (applied !== undefined && revision <= applied) return Promise.resolve();
      return run(applied === undefined ? "snapshot" : "delta");
    },
    resnapshot: () => run("snapshot"),
  };
}
