import { readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { createCloudClient } from "@multiclaw/cloud-client";
import { createGatewayClient, type GatewayClient } from "@multiclaw/gateway-client";
import { DEFAULT_GATEWAY_PORT } from "@multiclaw/protocol";
import WebSocket from "ws";
import type { AppLaunch } from "../app-window/launch-app.ts";
import { createCliEgress } from "../cli-egress.ts";
import { describeError } from "../describe-error.ts";
import type { CliGatewayPaths } from "../gateway-paths.ts";
import { alive, startGatewayProcess, stopGatewayProcess } from "../gateway-process.ts";
import { type EmbeddedCloud, startEmbeddedCloud } from "./cloud-process.ts";
import { signInEmbeddedGateway } from "./first-sign-in.ts";
import { logSize } from "./log-error-lines.ts";
import { nextSteps, type StartedApp } from "./start-next-steps.ts";
import { type RestartPolicy, type SupervisedProcess, type Supervisor, supervise } from "./supervisor.ts";

/*
 * `multiclaw start` (and `npm start`): the whole product on this machine with embedded defaults — a Cloud on
 * 127.0.0.1 with PGlite under MULTICLAW_HOME, and a gateway signed in to it. It stays in the foreground and
 * supervises what it started: a Cloud or gateway that dies is reported and restarted. Ctrl-C stops what it
 * started, and so does a failure it cannot get past; then it throws, and the CLI prints why and exits non-zero.
 *
 * What fails where:
 * - the Cloud or the gateway cannot start (a port taken, a crash at start): nothing runs without them, and the
 *   fix (another port, stopping the other process) needs a new start, so it stops what it started and fails;
 * - signing the gateway in fails (e.g. the Cloud's rate limit): both keep running, since the console is usable
 *   and `multiclaw login` can sign the gateway in, and it says so;
 * - a process keeps dying (more restarts than its policy allows): it stops everything and fails.
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
  /** How often a dying process is restarted; tests shorten it. */
  restartPolicy?: RestartPolicy;
  /**
   * Opens the App once the gateway is signed in (`multiclaw app`'s way: an app window, or the printed link).
   * Without it the start opens nothing and names `multiclaw app`; tests that drive the start directly leave it out.
   */
  openApp?: (gateway: GatewayClient) => Promise<AppLaunch>;
}

/**
 * Settings of the embedded Cloud that differ from a public Cloud's defaults (the user's environment wins).
 * The gateway beside it asks every second whether its device code was approved, not every 5 s: the first start
 * approves the code at once and would otherwise sit out most of a poll interval. That is 60 polls a minute at
 * most, so the per-address device budget, which the console's lookups and approvals share with them (every
 * local process is one address to a loopback Cloud), is doubled to keep room for a person approving by hand.
 */
const embeddedCloudDefaults = {
  MULTICLAW_DEVICE_POLL_INTERVAL_SECONDS: "1",
  MULTICLAW_DEVICE_RATE_PER_MINUTE: "120",
};

export async function startEmbedded(options: StartEmbeddedOptions): Promise<void> {
  const { write, paths } = options;
  const cloudLog = join(dirname(paths.logFile), "cloud.log");
  const apiOrigin = `http://127.0.0.1:${options.gatewayPort}`;
  // Nothing else holds the event loop open while this waits: the gateway child is unref'd and a pending
  // promise is not work, so without it Node would end the command silently the moment the Cloud child died.
  const keepAlive = setInterval(() => undefined, 60_000);
  const stopping = new AbortController();
  void options.untilStopped.then(() => stopping.abort());
  const supervisors: Supervisor[] = [];
  let egress: ReturnType<typeof createCliEgress> | undefined;
  try {
    write("Starting the MultiClaw Cloud and the gateway…\n");
    const cloudUrl = `http://127.0.0.1:${options.cloudPort}`;
    const startCloud = async (): Promise<EmbeddedCloud & SupervisedProcess> => {
      const logStart = logSize(cloudLog);
      const cloud = await startEmbeddedCloud({
        home: options.home,
        port: options.cloudPort,
        logFile: cloudLog,
        pidFile: join(dirname(paths.logFile), "cloud.pid"),
        env: { ...embeddedCloudDefaults, ...options.env },
        signal: stopping.signal,
      });
      return { ...cloud, logStart };
    };
    const gatewayEnv = {
      ...options.env,
      ...(options.home ? { MULTICLAW_HOME: options.home } : {}),
      MULTICLAW_CLOUD_URL: cloudUrl,
      MULTICLAW_GATEWAY_PORT: String(options.gatewayPort),
    };
    const startGateway = async () => {
      const logStart = logSize(paths.logFile);
      const started = await startGatewayProcess({ paths, apiOrigin, env: gatewayEnv });
      return { ...started, logStart };
    };
    // Both at once: the gateway needs no Cloud to come up (its link connects, and reconnects, by itself), so a
    // start waits for the slower of the two instead of their sum. If either cannot start, the other is stopped.
    const [cloudStart, gatewayStart] = await Promise.allSettled([startCloud(), startGateway()]);
    if (cloudStart.status === "rejected" || gatewayStart.status === "rejected") {
      if (cloudStart.status === "fulfilled") {
        write("\nStopping the Cloud…\n");
        await cloudStart.value.stop();
      }
      if (gatewayStart.status === "fulfilled" && gatewayStart.value.exited) {
        write("\nStopping the gateway…\n");
        await stopGatewayProcess(paths);
        await gatewayStart.value.exited;
      }
      throw cloudStart.status === "rejected"
        ? cloudStart.reason
        : (gatewayStart as PromiseRejectedResult).reason;
    }
    const cloud = cloudStart.value;
    const gatewayProcess = gatewayStart.value;
    const supervision = { write, ...(options.restartPolicy ? { policy: options.restartPolicy } : {}) };
    supervisors.push(
      supervise(cloud, { ...supervision, name: "the Cloud", logFile: cloudLog, start: startCloud }),
    );
    egress = createCliEgress(cloud.url);

    if (gatewayProcess.exited) {
      const { exited } = gatewayProcess;
      const asSupervised = (started: { pid: number; logStart: number }, ended: typeof exited) => ({
        pid: started.pid,
        logStart: started.logStart,
        exited: ended,
        stop: async () => {
          if (alive(started.pid)) await stopGatewayProcess(paths);
          await ended;
        },
      });
      supervisors.push(
        supervise(asSupervised(gatewayProcess, exited), {
          ...supervision,
          name: "the gateway",
          logFile: paths.logFile,
          start: async () => {
            const again = await startGateway();
            if (!again.exited)
              throw new Error(`a gateway (pid ${again.pid}) was started meanwhile by someone else`);
            return asSupervised(again, again.exited);
          },
        }),
      );
    }
    const gaveUp = Promise.race(supervisors.map((supervisor) => supervisor.gaveUp));

    const gateway = createGatewayClient({
      baseUrl: apiOrigin,
      token: readFileSync(paths.apiTokenFile, "utf8").trim(),
      fetch: (url, init) => fetch(url, init),
      openWebSocket: (url) => new WebSocket(url) as never,
    });
    let owner: { email: string; passphrase: string } | undefined;
    const signingIn = signInEmbeddedGateway({
      gateway,
      cloud: createCloudClient({ baseUrl: cloud.url, fetch: egress.fetch }),
      note: write,
      signal: stopping.signal,
      onOwnerCreated: (created) => {
        owner = created;
      },
      showCode: (status) =>
        write(
          `\nApprove this gateway: open ${status.verificationUriComplete}\n` +
            `(sign in there; the code is ${status.userCode})\n`,
        ),
    });
    const signIn = await Promise.race([
      signingIn.then(
        (result) => ({ result }),
        (error: unknown) => ({ error }),
      ),
      gaveUp,
      options.untilStopped.then(() => undefined),
    ]);
    if (signIn === undefined) return;

    const gatewayLine = gatewayProcess.exited
      ? `pid ${gatewayProcess.pid}`
      : `already running as pid ${gatewayProcess.pid}, so Ctrl-C leaves it running`;
    write(`
  MultiClaw is running.
    Cloud:    ${cloud.url}  (console, device approval, invitations; logs in ${cloudLog})
    Gateway:  ${apiOrigin}  (local API, ${gatewayLine}; logs in ${paths.logFile})
`);
    // The user the gateway holds (the owner, after a first start) acts in the terminal; its answer also names
    // the workspace when the gateway's first sync has not come in yet.
    const user = "error" in signIn ? undefined : await gateway.user().catch(() => undefined);
    if (!("error" in signIn)) {
      const identity = signIn.result.status.signedIn;
      const workspaceId = identity?.workspace.workspaceId;
      const workspaceName =
        identity?.workspace.name ??
        (user?.state === "signed-in"
          ? user.workspaces.find((workspace) => workspace.workspaceId === workspaceId)?.name
          : undefined);
      write(
        `    Signed in as ${identity?.account.email ?? "?"} in workspace ${workspaceName ?? workspaceId ?? "?"}\n`,
      );
    }
    if (owner) {
      write(`
  A local owner account was created for you. Its passphrase is shown only now:
    email:      ${owner.email}
    passphrase: ${owner.passphrase}
  Use it to sign in to the console at ${cloud.url}.
`);
    }
    if ("error" in signIn) {
      const login = [
        ...(options.home ? [`MULTICLAW_HOME=${options.home}`] : []),
        `MULTICLAW_GATEWAY_PORT=${options.gatewayPort}`,
        `npx multiclaw login --cloud ${cloud.url}`,
      ].join(" ");
      write(`
  Signing the gateway in failed: ${describeError(signIn.error, false).replace(/^error: /, "")}
  The Cloud and the gateway keep running. Sign the gateway in from another terminal with
    ${login}
  and approve it in the console at ${cloud.url}.
  Stop with Ctrl-C.
`);
    } else {
      const environment = [
        ...(options.home ? [`MULTICLAW_HOME=${options.home}`] : []),
        ...(options.gatewayPort === DEFAULT_GATEWAY_PORT
          ? []
          : [`MULTICLAW_GATEWAY_PORT=${options.gatewayPort}`]),
      ];
      // A gateway or browser that cannot show the App leaves the start running: the terminal still works.
      const app: StartedApp = options.openApp
        ? await options.openApp(gateway).then(
            (launch) => ({ launch }),
            (error: unknown) => ({ failed: describeError(error, false).replace(/^error: /, "") }),
          )
        : undefined;
      write(
        nextSteps({
          userEmail: user?.state === "signed-in" ? user.account.email : undefined,
          environment,
          app,
          now: Date.now(),
        }),
      );
    }
    await Promise.race([options.untilStopped, gaveUp]);
  } finally {
    if (supervisors.length > 0) {
      write(`\nStopping ${supervisors.length === 1 ? "the Cloud" : "the gateway and the Cloud"}…\n`);
    }
    // The gateway first: it closes its link to the Cloud cleanly while the Cloud still answers.
    for (const supervisor of supervisors.reverse()) await supervisor.stop();
    await egress?.close();
    clearInterval(keepAlive);
  }
}
