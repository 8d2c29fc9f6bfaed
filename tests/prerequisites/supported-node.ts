/**
 * The Node.js release lines MultiClaw supports (docs/decisions/0010-node-versions.md): 20 from 20.19 and 22 from
 * 22.12, the first releases that load ES modules through `require()` without a flag (Vite 8, which Vitest runs
 * on, needs that), and 24 and every later line. 21 and 23 were short-lived odd lines and are not supported.
 * Every package.json's `engines.node` is written from this table (a test keeps them equal).
 */
export const supportedNodeLines: readonly NodeLine[] = [
  { major: 20, minor: 19 },
  { major: 22, minor: 12 },
  { major: 24, minor: 0, andLaterMajors: true },
];

export interface NodeLine {
  major: number;
  /** The first minor release of this line that is supported. */
  minor: number;
  /** Whether every later major release is supported too. */
  andLaterMajors?: boolean;
}

/** The table as a semver range for `engines.node`: `^20.19.0 || ^22.12.0 || >=24.0.0`. */
export function nodeEnginesRange(lines: readonly NodeLine[] = supportedNodeLines): string {
  return lines.map((line) => `${line.andLaterMajors ? ">=" : "^"}${line.major}.${line.minor}.0`).join(" || ");
}

/** The table as a person reads it: `20.19+, 22.12+ or 24 and later`. */
export function describeSupportedNode(lines: readonly NodeLine[] = supportedNodeLines): string {
  const names = lines.map((line) =>
    line.andLaterMajors && line.minor === 0
      ? `${line.major} and later`
      : `${line.major}.${line.minor}+${line.andLaterMajors ? " and later" : ""}`,
  );
  return names.length > 1 ? `${names.slice(0, -1).join(", ")} or ${names.at(-1)}` : (names[0] ?? "none");
}

/** Whether a Node version (`process.versions.node`, e.g. `20.20.2`) is in one of the supported lines. */
export function isSupportedNode(version: string, lines: readonly NodeLine[] = supportedNodeLines): boolean {
  const [major = Number.NaN, minor = Number.NaN] = version.replace(/^v/, "").split(".").map(Number);
  return lines.some((line) =>
    major === line.major ? minor >= line.minor : line.andLaterMajors === true && major > line.major,
  );
}
