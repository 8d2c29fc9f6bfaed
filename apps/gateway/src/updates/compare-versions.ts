/*
 * Semantic-version precedence (semver.org 2.0.0, section 11), for "is the offered release newer than what is
 * installed". Written here rather than taken from the `semver` package: this comparison is all the gateway
 * needs, and both inputs are already validated by `ReleaseVersion`.
 */

interface Parsed {
  core: [number, number, number];
  /** Pre-release identifiers; empty for a release. */
  pre: string[];
}

function parse(version: string): Parsed {
  const [withoutBuild = ""] = version.split("+", 1);
  const dash = withoutBuild.indexOf("-");
  const core = dash === -1 ? withoutBuild : withoutBuild.slice(0, dash);
  const [major = 0, minor = 0, patch = 0] = core.split(".").map(Number);
  return { core: [major, minor, patch], pre: dash === -1 ? [] : withoutBuild.slice(dash + 1).split(".") };
}

function compareIdentifiers(a: string, b: string): number {
  const aNumeric = /^\d+$/.test(a);
  const bNumeric = /^\d+$/.test(b);
  if (aNumeric && bNumeric) return Math.sign(Number(a) - Number(b));
  // Numeric identifiers rank below alphanumeric ones.
  if (aNumeric !== bNumeric) return aNumeric ? -1 : 1;
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Negative when `a` precedes `b`, positive when it follows, 0 when they are equal in precedence (build
 * metadata is ignored).
 *
 * @example
 * compareVersions("1.2.3", "1.10.0") < 0; compareVersions("1.0.0-beta.2", "1.0.0") < 0
 */
export function compareVersions(a: string, b: string): number {
  const left = parse(a);
  const right = parse(b);
  for (let index = 0; index < 3; index += 1) {
    const difference = (left.core[index] ?? 0) - (right.core[index] ?? 0);
    if (difference !== 0) return Math.sign(difference);
  }
  // A pre-release precedes its release.
  if (left.pre.length === 0 && right.pre.length === 0) return 0;
  if (left.pre.length === 0) return 1;
  if (right.pre.length === 0) return -1;
  for (let index = 0; index < Math.max(left.pre.length, right.pre.length); index += 1) {
    const a = left.pre[index];
    const b = right.pre[index];
    if (a === undefined) return -1;
    if (b === undefined) return 1;
    const order = compareIdentifiers(a, b);
    if (order !== 0) return order;
  }
  return 0;
}
