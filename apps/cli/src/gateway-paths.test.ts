import { gatewayPaths } from "@multiclaw/gateway/paths";
import { describe, expect, it } from "vitest";
import { cliGatewayPaths } from "./gateway-paths.ts";

describe("the CLI's copy of the gateway's file layout", () => {
  it.each([
    { MULTICLAW_HOME: "/tmp/somewhere" },
    {}, // the platform's XDG directories
  ])("matches the gateway's for %o", (env: NodeJS.ProcessEnv) => {
    const gateway = gatewayPaths(env);
    const cli = cliGatewayPaths(env);
    expect(cli).toEqual({
      apiTokenFile: gateway.apiTokenFile,
      appSessionsFile: gateway.appSessionsFile,
      pidFile: gateway.pidFile,
      logFile: gateway.logFile,
    });
  });
});
