import Table from "cli-table3";

/**
 * The tables of the workspace commands, drawn like `multiclaw connections`: a frame, a header row (bold on a
 * colour terminal), no lines between rows. A cell may hold several lines.
 *
 * @example renderTable(["PROVIDER", "KEY"], [["openai", "…abcd"]], { colour: false })
 */
export function renderTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  options: { colour: boolean },
): string {
  const table = new Table({
    head: [...head],
    style: { head: options.colour ? ["bold"] : [], border: options.colour ? ["grey"] : [] },
    chars: { mid: "", "left-mid": "", "mid-mid": "", "right-mid": "" },
  });
  for (const row of rows) table.push([...row]);
  return table.toString();
}
