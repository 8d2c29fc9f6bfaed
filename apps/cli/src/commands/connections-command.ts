import { setTimeout as sleep } from "node:timers/promises";
import type { GatewayClient } from "@multiclaw/gateway-client";
import { type ConnectionRow, ConnectionRowState } from "@multiclaw/protocol";
import { type Command, InvalidArgumentError } from "commander";
import { createLogUpdate } from "log-update";
import type { CliContext } from "../cli-context.ts";
import { formatClock, renderConnectionLog } from "../connections/render-connection-log.ts";
import { renderConnections } from "../connections/render-connections.ts";
import { describeError, explainError } from "../describe-error.ts";

/*
 * `multiclaw connections`: every outbound connection the gateway may make (the egress inventory), with its
 * state, last use and bytes; blocking and unblocking rows; the ledger of recent connections.
 */

function positiveSeconds(value: string): number {
  const seconds = Number(value);
  if (!Number.isFinite(seconds) || seconds <= 0)
    throw new InvalidArgumentError("must be a number of seconds above 0");
  return seconds;
}

function render(ctx: CliContext, rows: readonly ConnectionRow[]): string {
  return renderConnections(rows, { now: Date.now(), colour: ctx.out.colour });
}

/** Redraws the table in place until Ctrl-C; a gateway that stops answering shows as a line, not an exit. */
async function watch(
  ctx: CliContext,
  gateway: GatewayClient,
  options: { json: boolean; intervalMs: number },
) {
  const { stdout } = ctx.out;
  // A terminal that reports no size (0 rows under `script`, a fresh pty) would make log-update draw nothing.
  const screen = {
    write: (text: string) => stdout.write(text),
    get columns() {
      return stdout.columns || 80;
    },
    get rows() {
      return stdout.rows || 24;
    },
  };
  const draw = createLogUpdate(screen as unknown as NodeJS.WriteStream);
  let last = "";
  while (!ctx.signal.aborted) {
    try {
      const { rows } = await gateway.listConnections({ signal: ctx.signal });
      if (options.json) {
        ctx.out.line(JSON.stringify({ at: new Date().toISOString(), rows }));
      } else {
        last = render(ctx, rows);
        draw(
          `${last}\n\n${ctx.out.style.dim(`updated ${formatClock(new Date().toISOString(), Date.now())} · Ctrl-C stops`)}`,
        );
      }
    } catch (error) {
      if (ctx.signal.aborted) break;
      const problem = describeError(explainError(error, ctx.apiOrigin()), false);
      if (options.json) ctx.out.note(problem);
      else draw(`${last}\n\n${ctx.out.style.red(problem)}`);
    }
    await sleep(options.intervalMs, undefined, { signal: ctx.signal }).catch(() => undefined);
  }
  if (!options.json) draw.done();
}

function stateWords(state: ConnectionRow["state"]): string {
  return state === "not-configured" ? "not configured" : state;
}

export function registerConnectionsCommand(program: Command, ctx: CliContext): void {
  const connections = program
    .command("connections")
    .description("show every outbound connection the gateway may make, with its state, last use and bytes")
    .option("--json", "print the rows as JSON (with --watch: one JSON document per line)")
    .option("--watch", "redraw the table as it changes, until Ctrl-C")
    .option("--interval <seconds>", "how often --watch redraws", positiveSeconds, 1)
    .addHelpText(
      "after",
      `\nStates: ${ConnectionRowState.options.map(stateWords).join(", ")}.\n` +
        "A blocked row's connections are refused at once; what stops working is in `--json` (ifBlocked).",
    )
    .action(async (options: { json?: boolean; watch?: boolean; interval: number }) => {
      const gateway = await ctx.connect();
      if (options.watch) {
        await watch(ctx, gateway, { json: options.json === true, intervalMs: options.interval * 1000 });
        return;
      }
      const list = await gateway.listConnections({ signal: ctx.signal });
      ctx.out.line(options.json ? JSON.stringify(list, null, 2) : render(ctx, list.rows));
    });

  connections
    .command("block")
    .description("refuse every connection of a row until it is unblocked")
    .argument("<row>", "the row id, as in the ROW column (e.g. llm-openai, mcp:files)")
    .action(async (rowId: string) => {
      const gateway = await ctx.connect();
      const row = await gateway.blockConnection(rowId, { signal: ctx.signal });
      ctx.out.line(`Blocked ${row.id} (${row.title}).`);
      if (row.ifBlocked) ctx.out.line(`While it is blocked: ${row.ifBlocked}`);
      ctx.out.note(`Undo with \`multiclaw connections unblock ${row.id}\`.`);
    });

  connections
    .command("unblock")
    .description("allow a blocked row again")
    .argument("<row>", "the row id, as in the ROW column")
    .action(async (rowId: string) => {
      const gateway = await ctx.connect();
      const row = await gateway.unblockConnection(rowId, { signal: ctx.signal });
      ctx.out.line(`Unblocked ${row.id} (${row.title}); it is now ${stateWords(row.state)}.`);
    });

  connections
    .command("log")
    .description("the newest connections from the ledger: opened (with bytes) and refused (with the reason)")
    .option("--json", "print the entries as JSON")
    .option("--limit <n>", "how many entries, newest last (1-1000)", "100")
    .action(async (options: { json?: boolean; limit: string }) => {
      const gateway = await ctx.connect();
      const log = await gateway.connectionLog({ limit: Number(options.limit) }, { signal: ctx.signal });
      ctx.out.line(
        options.json
          ? JSON.stringify(log, null, 2)
          : renderConnectionLog(log.entries, { now: Date.now(), style: ctx.out.style }),
      );
    });
}
