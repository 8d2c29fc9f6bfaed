/*
 * @multiclaw/cli: the `multiclaw` command line. `runCli` runs one command line in-process (what the bin does,
 * and what tests and the embedded all-in-one call).
 */
export { type RunCliOptions, runCli } from "./cli.ts";
export type { CliContext, GatewayProcessControl } from "./cli-context.ts";
