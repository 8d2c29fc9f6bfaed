import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";

export interface TempStoreLocation {
  /** A fresh directory that does not exist yet, so the store creates it (and must make it 0700). */
  directory: string;
  /** `<directory>/gateway.db` */
  path: string;
  remove(): Promise<void>;
}

/** A place for a throwaway gateway database under the OS temp directory; `remove()` deletes all of it. */
export async function makeTempStoreLocation(): Promise<TempStoreLocation> {
  const root = await mkdtemp(join(tmpdir(), "multiclaw-gateway-store-"));
  const directory = join(root, "gateway");
  return {
    directory,
    path: join(directory, "gateway.db"),
    remove: () => rm(root, { recursive: true, force: true }),
  };
}
