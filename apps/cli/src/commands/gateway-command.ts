import type { Command } from "commander";
import type { CliContext } from "../cli-context.ts";
import { CliError } from "../cli-error.ts";
import { gatewayPortHolder, gatewayPortTaken } from "../embedded/port-holder.ts";
import { gatewayClientFor, readApiToken } from "../gateway-connection.ts";

/** The exit code of `gateway status` when no gateway runs, as LSB init scripts report it. */
export const NOT_RUNNING_EXIT_CODE = 3;

interface GatewayReport {
  running: boolean;
  pid: number | null;
  url: string;
  version: string | null;
  /** A pid file names a live process, but nothing answers (starting, or hung). */
  answering: boolean;
}

async function report(ctx: CliContext): Promise<GatewayReport> {
  const url = ctx.apiOrigin();
  const filePid = ctx.gatewayProcess.runningPid(ctx.paths) ?? null;
  const answering = await ctx.gatewayProcess.answers(url);
  if (!answering) return { running: filePid !== null, pid: filePid, url, version: null, answering };
  // The pid and version come from the gateway itself when the token lets us ask (it may run in the foreground).
  const token = readApiToken(ctx.paths);
  const status =
    token === undefined
      ? undefined
      : await gatewayClientFor(url, token)
          .status({ signal: ctx.signal })
          .catch(() => undefined);
  return { running: true, pid: status?.pid ?? filePid, url, version: status?.version ?? null, answering };
}

export function registerGatewayCommand(program: Command, ctx: CliContext): void {
  const gateway = program
    .command("gateway")
    .description("start, stop or check the gateway (the background process that runs the agents)");

  gateway
    .command("start")
    .description("start the gateway in the background (nothing happens if it already runs)")
    .action(async () => {
      const url = ctx.apiOrigin();
      if (ctx.gatewayProcess.runningPid(ctx.paths) === undefined && (await ctx.gatewayProcess.answers(url))) {
        // Something answers, but not the process of this data directory's pid file: its own gateway run in
        // the foreground is fine; another data directory's gateway, or another program, is a failure.
        const holder = await gatewayPortHolder(url, ctx.paths.apiTokenFile);
        if (holder.kind === "this-gateway") {
          ctx.out.line(`A gateway already runs at ${url} (started some other way, e.g. in the foreground).`);
          return;
        }
        const taken = gatewayPortTaken(holder, url);
        if (taken !== undefined) throw new CliError(`the gateway cannot start: ${taken}`);
      }
      ctx.out.note("Starting the gateway…");
      const started = await ctx.gatewayProcess.start({ paths: ctx.paths, apiOrigin: url, env: ctx.env });
      ctx.out.line(
        started.alreadyRunning
          ? `The gateway is already running (pid ${started.pid}), local API at ${url}`
          : `Gateway started (pid ${started.pid}), local API at ${url}`,
      );
      ctx.out.note(`log: ${ctx.paths.logFile}`);
    });

  gateway
    .command("stop")
    .description("stop the gateway started by `multiclaw gateway start`")
    .action(async () => {
      const url = ctx.apiOrigin();
      const pid = ctx.gatewayProcess.runningPid(ctx.paths);
      if (pid === undefined) {
        if (await ctx.gatewayProcess.answers(url)) {
          throw new CliError(
            `the gateway at ${url} was not started by \`multiclaw gateway start\` (no pid file at ` +
              `${ctx.paths.pidFile}); stop it where it runs`,
            { code: "CONFLICT" },
          );
        }
        ctx.out.line("The gateway is not running.");
        return;
      }
      ctx.out.note(`Stopping the gateway (pid ${pid})…`);
      await ctx.gatewayProcess.stop(ctx.paths);
      ctx.out.line(`Gateway stopped (pid ${pid}).`);
    });

  gateway
    .command("status")
    .description(
      `whether the gateway runs, its pid and API address (exit code ${NOT_RUNNING_EXIT_CODE} if not)`,
    )
    .option("--json", "print it as JSON")
    .action(async (options: { json?: boolean }) => {
      const found = await report(ctx);
      if (!found.running) ctx.exitCode = NOT_RUNNING_EXIT_CODE;
      if (options.json) {
        ctx.out.line(JSON.stringify(found, null, 2));
        return;
      }
      const { style } = ctx.out;
      if (!found.running) {
        ctx.out.line(
          `${style.red("not running")} (nothing answers at ${found.url}); start it with \`multiclaw gateway start\``,
        );
      } else if (!found.answering) {
        ctx.out.line(
          `${style.yellow("not answering")}: pid ${found.pid} is alive, but nothing answers at ${found.url} ` +
            `(starting, or stuck; see ${ctx.paths.logFile})`,
        );
        ctx.exitCode = 1;
      } else {
        const pid = found.pid === null ? "" : `, pid ${found.pid}`;
        const version = found.version === null ? "" : `, version ${found.version}`;
        ctx.out.line(`${style.green("running")}${pid}${version}, local API at ${found.url}`);
      }
    });
}
