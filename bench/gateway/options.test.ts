import { describe, expect, it } from "vitest";
import { parseGatewayBenchOptions } from "./options.ts";

describe("gateway bench options", () => {
  it("measures both gateways with the documented defaults", () => {
    expect(parseGatewayBenchOptions([])).toEqual({
      systems: ["multiclaw", "openclaw"],
      trials: 5,
      idleSeconds: 30,
      turns: 20,
      warmUpTurns: 5,
      tokenTrials: 5,
      tokens: 20,
      chunkDelayMs: 25,
      pollMs: 10,
      maxLoad: 0,
      gatewayNode: undefined,
      databaseUrl: undefined,
      out: undefined,
    });
  });

  it("takes counts, one system alone, and a zero idle time", () => {
    const options = parseGatewayBenchOptions([
      "--systems",
      "multiclaw",
      "--trials",
      "2",
      "--idle-seconds",
      "0",
    ]);
    expect(options).toMatchObject({ systems: ["multiclaw"], trials: 2, idleSeconds: 0 });
  });

  it("runs our gateway on another Node binary when told", () => {
    expect(parseGatewayBenchOptions(["--gateway-node", "/opt/node24/bin/node"])).toMatchObject({
      gatewayNode: "/opt/node24/bin/node",
    });
  });

  it("refuses unknown systems, repeated systems, bad numbers and unknown flags", () => {
    expect(() => parseGatewayBenchOptions(["--systems", "multiclaw,hermes"])).toThrow(/unknown system/);
    expect(() => parseGatewayBenchOptions(["--systems", "openclaw,openclaw"])).toThrow(/once/);
    expect(() => parseGatewayBenchOptions(["--trials", "0"])).toThrow(/--trials/);
    expect(() => parseGatewayBenchOptions(["--turns", "2.5"])).toThrow(/--turns/);
    expect(() => parseGatewayBenchOptions(["--max-load", "-1"])).toThrow(/--max-load/);
    expect(() => parseGatewayBenchOptions(["--rounds", "3"])).toThrow();
  });

  it("answers help", () => {
    expect(parseGatewayBenchOptions(["--help"])).toBe("help");
  });
});
