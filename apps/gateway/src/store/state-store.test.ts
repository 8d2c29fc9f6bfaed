import Database from "libsql";
import { describe, expect, it } from "vitest";
import { z } from "zod";
import { GatewayStoreError } from "./store-error.ts";
import { useTempGatewayStore } from "./testing/test-store.ts";

const temp = useTempGatewayStore({ now: () => new Date("2026-12-01T10:00:00.000Z") });

const BlockedConnection = z.object({ host: z.string(), port: z.number(), at: z.string() });

describe("gateway state", () => {
  it("keeps JSON values across a restart", () => {
    const blocked = [{ host: "telemetry.example", port: 443, at: "2026-12-01T09:00:00.000Z" }];
    temp.store.state.set("cloud.lastEventSeq", 1207);
    temp.store.state.set("egress.blocked", blocked);

    const { state } = temp.reopen();
    expect(state.get("cloud.lastEventSeq", z.number().int())).toBe(1207);
    expect(state.get("egress.blocked", z.array(BlockedConnection))).toEqual(blocked);
  });

  it("answers undefined for a key it does not have, and after a delete", () => {
    const { state } = temp.store;
    expect(state.get("config.revision", z.number())).toBeUndefined();
    state.set("config.revision", 3);
    state.set("config.revision", 4);
    expect(state.get("config.revision", z.number())).toBe(4);
    state.delete("config.revision");
    expect(state.get("config.revision", z.number())).toBeUndefined();
  });

  it("fails loudly when a stored value does not match what the reader expects", () => {
    const { state } = temp.store;
    state.set("cloud.lastEventSeq", "not a number");
    expect(() => state.get("cloud.lastEventSeq", z.number())).toThrow(GatewayStoreError);
    expect(() => state.get("cloud.lastEventSeq", z.number())).toThrow(/gateway state "cloud.lastEventSeq"/);
  });

  it("fails loudly on a value that is not JSON", () => {
    temp.store.state.set("cloud.lastEventSeq", 1);
    temp.tamper("UPDATE gateway_state SET value = '{oops' WHERE key = 'cloud.lastEventSeq'");
    expect(() => temp.store.state.get("cloud.lastEventSeq", z.number())).toThrow(/not valid JSON/);
  });

  it("refuses values JSON cannot hold and keys that are empty or too long", () => {
    const { state } = temp.store;
    expect(() => state.set("nothing", undefined)).toThrow(TypeError);
    expect(() => state.set("big", 10n)).toThrow(TypeError);
    expect(() => state.set("", 1)).toThrow(TypeError);
    expect(() => state.set("k".repeat(201), 1)).toThrow(TypeError);
    expect(state.get("nothing", z.unknown())).toBeUndefined();
  });

  it("stamps each row with the store's clock", () => {
    temp.store.state.set("config.revision", 9);
    const db = new Database(temp.path);
    const row = db.prepare("SELECT updated_at FROM gateway_state WHERE key = 'config.revision'").get();
    db.close();
    expect(row).toMatchObject({ updated_at: "2026-12-01T10:00:00.000Z" });
  });
});
