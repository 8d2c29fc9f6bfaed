import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createCloudClient } from "@multiclaw/cloud-client";
import { createGatewayClient } from "@multiclaw/gateway-client";
import WebSocket from "ws";
import { createCliEgress } from "../cli-egress.ts";
import type { CliGatewayPaths } from "../gateway-paths.ts";
import { startGatewayProcess, stopGatewayProcess } from "../gateway-process.ts";
import { startEmbeddedCloud } from "./cloud-process.ts";
import { signInEmbeddedGateway } from "./first-sign-in.ts";

/*
 * `multiclaw start` (and `npm start`): the whole product on this machine with embedded defaults — a Cloud on
 * 127.0.0.1 with PGlite under MULTICLAW_HOME, and a gateway signed in to it. It stays in the foreground; Ctrl-C
 * stops what it started.
 */

export interface StartEmbeddedOptions {
  /** MULTICLAW_HOME when set; otherwise the Cloud and the gateway use their platform directories. */
  home: string | undefined;
  paths: CliGatewayPaths;
  cloudPort: number;
  gatewayPort: number;
  env: NodeJS.ProcessEnv;
  write(text: string): void;
  /** Resolves when the user asks to stop (Ctrl-C); tests resolve it themselves. */
  untilStopped: Promise<void>;
}

export async function startEmbedded(options: StartEmbeddedOptions): Promise<void> {
  const { write } = options;
  write("Starting the MultiClaw Cloud…\n");
  const cloudLog = join(dirname(options.paths.logFile), "cloud.log");
  const cloud = await startEmbeddedCloud({
    home: options.home,
    port: options.cloudPort,
    logFile: cloudLog,
    env: options.env,
  });
  const egress = createCliEgress(cloud.url);
  const apiOrigin = `http://127.0.0.1:${options.gatewayPort}`;
  let startedGateway = false;
  try {
    write("Starting the gateway…\n");
    const gatewayProcess = await startGatewayProcess({
      paths: options.paths,
      apiOrigin,
      env: {
        ...options.env,
        ...(options.home ? { MULTICLAW_HOME: options.home } : {}),
        MULTICLAW_CLOUD_URL: cloud.url,
        MULTICLAW_GATEWAY_PORT: String(options.gatewayPort),
      },
    });
    startedGateway = !gatewayProcess.alreadyRunning;
    const gateway = createGatewayClient({
      baseUrl: apiOrigin,
      token: readFileSync(options.paths.apiTokenFile, "utf8").trim(),
      fetch: (url, init) => fetch(url, init),
      openWebSocket: (url) => new WebSocket(url) as never,
    });
    const signIn = await signInEmbeddedGateway({
      gateway,
      cloud: createCloudClient({ baseUrl: cloud.url, fetch: egress.fetch }),
      showCode: (status) =>
        write(
          `\nApprove this gateway: open ${status.verificationUriComplete}\n` +
            `(sign in there; the code is ${status.userCode})\n`,
        ),
    });
    const identity = signIn.status.signedIn;
    write(`
  MultiClaw is running.
    Cloud:    ${cloud.url}  (console, device approval, invitations; logs in ${cloudLog})
    Gateway:  ${apiOrigin}  (local API, pid ${gatewayProcess.pid}; logs in ${options.paths.logFile})
    Signed in as ${identity?.account.email ?? "?"} in workspace ${identity?.workspace.name ?? identity?.workspace.workspaceId ?? "?"}
`);
    if (signIn.kind === "owner-created") {
      write(`
  A local owner account was created for you. Its passphrase is shown only now:
    email:      ${signIn.email}
    passphrase: ${signIn.passphrase}
  Use it to sign in to the console at ${cloud.url}.
`);
    }
    write(`
  Next: add a provider key and an agent in your workspace, then
    multiclaw status
    multiclaw chat <agent> "Hello"
  Stop with Ctrl-C.
`);
    await options.untilStopped;
  } finally {
    write("\nStopping…\n");
    if (startedGateway) await stopGatewayProcess(options.paths);
    await egress.close();
    await cloud.stop();
  }
}
