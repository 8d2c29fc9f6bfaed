import { z } from "zod";
import type { KeyValueState } from "../cloud-link/index.ts";
import type { StateStore } from "../egress/blocked-rows.ts";
import type { GatewayStateStore } from "./state-store.ts";

/** The gateway state table as the plain key-value shapes its users ask for. */

export function createStateAdapter(state: GatewayStateStore): StateStore {
  return {
    get: (key) => state.get(key, z.unknown()),
    set: (key, value) => state.set(key, value),
  };
}

export function createKeyValueState(state: GatewayStateStore): KeyValueState {
  return {
    get: async (key) => state.get(key, z.string()),
    set: async (key, value) => state.set(key, value),
  };
}
