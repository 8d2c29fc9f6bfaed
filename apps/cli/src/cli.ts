import { readFileSync } from "node:fs";
import { Command, CommanderError } from "commander";
import { createDetachedLauncher, type LaunchDetached } from "./app-window/launch-detached.ts";
import { backgroundGatewayProcess, type CliContext, type GatewayProcessControl } from "./cli-context.ts";
import { CliError, INTERRUPTED_EXIT_CODE } from "./cli-error.ts";
import { createCliOutput, type InputStream, type OutputStream } from "./cli-output.ts";
import { registerAgentsCommand } from "./commands/agents-command.ts";
import { registerAppCommand } from "./commands/app-command.ts";
import { registerChatCommand } from "./commands/chat-command.ts";
import { registerConnectionsCommand } from "./commands/connections-command.ts";
import { registerGatewayCommand } from "./commands/gateway-command.ts";
import { registerKeysCommand } from "./commands/keys-command.ts";
import { registerLoginCommand } from "./commands/login-command.ts";
import { registerLogoutCommand } from "./commands/logout-command.ts";
import { registerSkillsCommand } from "./commands/skills-command.ts";
import { registerStartCommand } from "./commands/start-command.ts";
import { registerStatusCommand } from "./commands/status-command.ts";
import { registerTasksCommand } from "./commands/tasks-command.ts";
import { registerTeamCommand } from "./commands/team-command.ts";
import { describeError, explainError } from "./describe-error.ts";
import { connectGateway, gatewayApiOrigin } from "./gateway-connection.ts";
import { cliGatewayPaths } from "./gateway-paths.ts";
import { userCloudThroughGateway } from "./user-cloud.ts";

export interface RunCliOptions {
  env?: NodeJS.ProcessEnv;
  stdout?: OutputStream;
  stderr?: OutputStream;
  stdin?: InputStream;
  /** Ctrl-C: waiting commands stop, `chat` cancels its run. */
  signal?: AbortSignal;
  /** Starts and finds the background gateway; the real process by default. */
  gatewayProcess?: GatewayProcessControl;
  /** How often `login` asks whether the code was confirmed; 1 s by default. */
  loginPollIntervalMs?: number;
  /** Starts the browser that shows the App (`app`, `start`); a detached process by default. */
  launchBrowser?: LaunchDetached;
}

function cliVersion(): string {
  const manifest = JSON.parse(readFileSync(new URL("../package.json", import.meta.url), "utf8")) as {
    version: string;
  };
  return manifest.version;
}

const environmentHelp = `
Environment:
  MULTICLAW_HOME          where the gateway keeps its files (default: the platform's config and data dirs)
  MULTICLAW_GATEWAY_PORT  the gateway's local API port on 127.0.0.1 (default 4801)
  MULTICLAW_BROWSER       the browser \`app\` and \`start\` open the app in (default: Chromium, Chrome or Edge)
  BROWSER=none            open no browser: print the app's one-time link (also MULTICLAW_NO_OPEN=1)
  NO_COLOR                no colours (they are only used when stdout is a terminal anyway)
  MULTICLAW_DEBUG=1       print stack traces with errors`;

function createProgram(
  ctx: CliContext,
  stdout: OutputStream,
  stderr: OutputStream,
  launchBrowser: LaunchDetached,
): Command {
  const program = new Command()
    .name("multiclaw")
    .description(
      "MultiClaw on this machine: sign the gateway in, chat with its agents, see every connection.",
    )
    .version(cliVersion(), "-v, --version", "print the version")
    .helpOption("-h, --help", "show help for a command")
    .helpCommand("help [command]", "show help for a command")
    .exitOverride()
    // `connections --json` and `connections log --json` are different options: each belongs where it is written.
    .enablePositionalOptions()
    .configureOutput({
      writeOut: (text) => void stdout.write(text),
      writeErr: (text) => void stderr.write(text),
      outputError: (text, write) => write(text),
    })
    .showHelpAfterError("(run `multiclaw --help` for the commands)")
    .addHelpText("after", environmentHelp);
  registerAppCommand(program, ctx, { launch: launchBrowser });
  registerLoginCommand(program, ctx);
  registerLogoutCommand(program, ctx);
  registerStatusCommand(program, ctx);
  registerGatewayCommand(program, ctx);
  registerChatCommand(program, ctx);
  registerKeysCommand(program, ctx);
  registerAgentsCommand(program, ctx);
  registerTasksCommand(program, ctx);
  registerTeamCommand(program, ctx);
  registerConnectionsCommand(program, ctx);
  registerSkillsCommand(program, ctx);
  registerStartCommand(program, ctx, { launch: launchBrowser });
  return program;
}

/**
 * Runs one `multiclaw` command line in-process and resolves with its exit code. The terminal, environment and
 * Ctrl-C come in as options, so tests run commands exactly as a person would.
 *
 * @example
 * const code = await runCli(["status", "--json"], { env: { MULTICLAW_HOME: home }, stdout, stderr });
 */
export async function runCli(argv: readonly string[], options: RunCliOptions = {}): Promise<number> {
  const env = options.env ?? process.env;
  const stdout = options.stdout ?? process.stdout;
  const stderr = options.stderr ?? process.stderr;
  const out = createCliOutput(stdout, stderr, env);
  const interruption = new AbortController();
  const signal = options.signal
    ? AbortSignal.any([options.signal, interruption.signal])
    : interruption.signal;
  const paths = cliGatewayPaths(env);
  const gatewayProcess = options.gatewayProcess ?? backgroundGatewayProcess;
  const ctx: CliContext = {
    env,
    out,
    stdin: options.stdin ?? process.stdin,
    stderr,
    signal,
    interrupt: () => interruption.abort(),
    paths,
    apiOrigin: () => gatewayApiOrigin(env),
    connect: () =>
      connectGateway({ apiOrigin: gatewayApiOrigin(env), paths, answers: gatewayProcess.answers }),
    userCloud: () =>
      userCloudThroughGateway({ apiOrigin: gatewayApiOrigin(env), paths, answers: gatewayProcess.answers }),
    gatewayProcess,
    loginPollIntervalMs: options.loginPollIntervalMs ?? 1000,
    exitCode: 0,
  };
  const program = createProgram(ctx, stdout, stderr, options.launchBrowser ?? createDetachedLauncher());
  try {
    await program.parseAsync([...argv], { from: "user" });
    return ctx.exitCode;
  } catch (error) {
    // Commander has already printed its own message (usage errors, help, the version).
    if (error instanceof CommanderError) return error.exitCode;
    // Ctrl-C during a request: the request was aborted, which says nothing about the gateway.
    if (signal.aborted) {
      out.note("interrupted");
      return INTERRUPTED_EXIT_CODE;
    }
    let origin: string | undefined;
    try {
      origin = gatewayApiOrigin(env);
    } catch {
      origin = undefined;
    }
    const explained = explainError(error, origin);
    out.note(describeError(explained, env.MULTICLAW_DEBUG === "1"));
    return explained instanceof CliError ? explained.exitCode : 1;
  }
}
