import Database from "libsql";
import { afterEach, beforeEach } from "vitest";
import { type GatewayStore, type GatewayStoreOptions, openGatewayStore } from "../gateway-store.ts";
import { makeTempStoreLocation, type TempStoreLocation } from "./temp-directory.ts";

export interface TempGatewayStore {
  /** The store of the current test (a new file for each test). */
  readonly store: GatewayStore;
  readonly path: string;
  /** Closes and opens the file again, as a restarted gateway would. */
  reopen(): GatewayStore;
  /** Runs one statement on the file behind the store's back, as disk corruption or a hand edit would. */
  tamper(sql: string, ...parameters: (string | number)[]): void;
}

/** Opens a store in a fresh temp directory before each test of the calling file and removes it after. */
export function useTempGatewayStore(options: Omit<GatewayStoreOptions, "path"> = {}): TempGatewayStore {
  let location: TempStoreLocation | undefined;
  let store: GatewayStore | undefined;

  beforeEach(async () => {
    location = await makeTempStoreLocation();
    store = openGatewayStore({ ...options, path: location.path });
  });

  afterEach(async () => {
    store?.close();
    await location?.remove();
    store = undefined;
    location = undefined;
  });

  const current = () => {
    if (store === undefined || location === undefined) throw new Error("only inside a test");
    return { store, location };
  };

  return {
    get store() {
      return current().store;
    },
    get path() {
      return current().location.path;
    },
    reopen() {
      const { store: open, location: where } = current();
      open.close();
      store = openGatewayStore({ ...options, path: where.path });
      return store;
    },
    tamper(sql, ...parameters) {
      const db = new Database(current().location.path);
      try {
        db.prepare(sql).run(...parameters);
      } finally {
        db.close();
      }
    },
  };
}
