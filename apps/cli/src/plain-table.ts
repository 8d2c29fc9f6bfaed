import Table from "cli-table3";

const noBorders = {
  top: "",
  "top-mid": "",
  "top-left": "",
  "top-right": "",
  bottom: "",
  "bottom-mid": "",
  "bottom-left": "",
  "bottom-right": "",
  left: "",
  "left-mid": "",
  mid: "",
  "mid-mid": "",
  right: "",
  "right-mid": "",
  middle: "",
};

/** Columns aligned by cli-table3 without borders, for lists inside a larger text (agents, ledger entries). */
export function plainTable(
  head: readonly string[],
  rows: readonly (readonly string[])[],
  indent = "",
): string {
  const table = new Table({
    head: [...head],
    chars: noBorders,
    style: { head: [], border: [], "padding-left": 0, "padding-right": 2 },
  });
  for (const row of rows) table.push([...row]);
  return table
    .toString()
    .split("\n")
    .map((line) => `${indent}${line.trimEnd()}`)
    .join("\n");
}
