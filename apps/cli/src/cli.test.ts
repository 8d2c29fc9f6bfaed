import { afterEach, beforeEach, describe, expect, it } from "vitest";
import {
  type CliTestGateway,
  closedPort,
  emptyHome,
  runCommand,
  startCliTestGateway,
} from "./testing/cli-harness.ts";

describe("multiclaw without a gateway", () => {
  let home: Awaited<ReturnType<typeof emptyHome>>;
  let env: NodeJS.ProcessEnv;
  beforeEach(async () => {
    home = await emptyHome();
    env = { MULTICLAW_HOME: home.home, MULTICLAW_GATEWAY_PORT: String(await closedPort()) };
  });
  afterEach(async () => {
    await home.remove();
  });

  it.each([
    ["status"],
    ["connections"],
    ["connections", "block", "llm-openai"],
    ["chat", "Researcher", "hi"],
    ["logout"],
  ])("`%s` says the gateway is not running and exits 1", async (...argv) => {
    const result = await runCommand(argv, { env });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      `the gateway is not running (nothing answers at http://127.0.0.1:${env.MULTICLAW_GATEWAY_PORT}); ` +
        "start it with `multiclaw gateway start`\n",
    );
  });

  it("names the variable when MULTICLAW_GATEWAY_PORT is not a port", async () => {
    const result = await runCommand(["status"], { env: { ...env, MULTICLAW_GATEWAY_PORT: "http" } });
    expect(result).toMatchObject({ code: 1, stdout: "" });
    expect(result.stderr).toBe(
      'VALIDATION_FAILED: MULTICLAW_GATEWAY_PORT must be a port from 1 to 65535, not "http"\n',
    );
  });
});

describe("multiclaw with a gateway", () => {
  let gateway: CliTestGateway;
  beforeEach(async () => {
    gateway = await startCliTestGateway();
  });
  afterEach(async () => {
    await gateway.close();
  });

  it("says when the gateway answers but the token file is not where this MULTICLAW_HOME puts it", async () => {
    const home = await emptyHome();
    try {
      const result = await runCommand(["status"], { env: { ...gateway.env, MULTICLAW_HOME: home.home } });
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(
        /^AUTH_REQUIRED: a gateway answers at http:\/\/127\.0\.0\.1:\d+, but there is no API token/,
      );
    } finally {
      await home.remove();
    }
  });

  it("prints a stack only with MULTICLAW_DEBUG=1", async () => {
    gateway.fake.failNext("agents", Object.assign(new Error("The store is locked"), { code: "UNAVAILABLE" }));
    const plain = await gateway.run(["status"]);
    expect(plain.stderr).toBe("UNAVAILABLE: The store is locked\n");
    gateway.fake.failNext("agents", Object.assign(new Error("The store is locked"), { code: "UNAVAILABLE" }));
    const debug = await runCommand(["status"], { env: { ...gateway.env, MULTICLAW_DEBUG: "1" } });
    expect(debug.stderr).toMatch(
      /^UNAVAILABLE: The store is locked\nGatewayApiError: The store is locked\n\s+at /,
    );
  });
});

describe("multiclaw usage", () => {
  it("lists the commands with --help and exits 0", async () => {
    const result = await runCommand(["--help"]);
    expect(result.code).toBe(0);
    for (const command of ["login", "logout", "status", "gateway", "chat", "connections"]) {
      expect(result.stdout).toMatch(new RegExp(`^  ${command}\\b`, "m"));
    }
    expect(result.stdout).toContain("MULTICLAW_GATEWAY_PORT");
  });

  it("explains a mistake on stderr and exits 1", async () => {
    const unknown = await runCommand(["statu"]);
    expect(unknown.code).toBe(1);
    expect(unknown.stderr).toContain("error: unknown command 'statu'");
    expect(unknown.stderr).toContain("(Did you mean status?)");
    const missing = await runCommand(["connections", "block"]);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain("error: missing required argument 'row'");
    const interval = await runCommand(["connections", "--watch", "--interval", "0"]);
    expect(interval.code).toBe(1);
    expect(interval.stderr).toContain("must be a number of seconds above 0");
  });
});

describe("multiclaw interrupted", () => {
  it("exits 130 without blaming the gateway when Ctrl-C aborts a request", async () => {
    const gateway = await startCliTestGateway();
    try {
      const stop = new AbortController();
      gateway.fake.deps.agents = () => {
        stop.abort();
        return new Promise(() => undefined); // never answers: only the abort ends the request
      };
      const result = await runCommand(["status"], { env: gateway.env, signal: stop.signal });
      expect(result).toMatchObject({ code: 130, stdout: "", stderr: "interrupted\n" });
    } finally {
      await gateway.close();
    }
  });
});
