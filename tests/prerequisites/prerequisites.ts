import { chromiumProblem, postgresProblem, redisProblem } from "./service-probes.ts";
import { describeSupportedNode, isSupportedNode } from "./supported-node.ts";

/** Something `npm test` needs from the machine, and how to get it. */
export interface Prerequisite {
  /** What is needed and where, as the message names it: `PostgreSQL at postgres://…`. */
  name: string;
  /** What it is, in a word, for the line that says all are present: `PostgreSQL`. */
  shortName: string;
  /** Why it is not usable (one line), or null when it is. `findProblem` bounds how long it may take. */
  problem(): Promise<string | null>;
  /** How to provide it: commands and settings, one per line, the command that fixes it first. */
  provide: readonly string[];
}

/** Where the suite finds its services: the same variables and defaults the tests read. */
export interface PrerequisiteSettings {
  postgresUrl: string;
  redisUrl: string;
  chromium: string;
  nodeVersion: string;
}

/** The one command that installs and starts everything on Debian and Ubuntu (it runs `.ci/run`). */
export const setupCommand = "npm run test:setup";

/** Every check gives up after this long, so a firewalled host cannot hold `npm test` for minutes. */
export const checkTimeoutMs = 3000;

/**
 * Why `prerequisite` is not usable, or null; "no answer within 3 s" when its check takes longer. The clients'
 * own timeouts cover single steps only (ioredis waits on after a command times out), so the bound is kept here.
 */
export async function findProblem(prerequisite: Prerequisite): Promise<string | null> {
  let timer: NodeJS.Timeout | undefined;
  const deadline = new Promise<string>((resolve) => {
    timer = setTimeout(() => resolve(`no answer within ${checkTimeoutMs / 1000} s`), checkTimeoutMs);
  });
  try {
    return await Promise.race([prerequisite.problem(), deadline]);
  } finally {
    clearTimeout(timer);
  }
}

export function prerequisiteSettings(env: NodeJS.ProcessEnv = process.env): PrerequisiteSettings {
  return {
    postgresUrl: env.MULTICLAW_TEST_POSTGRES_URL ?? "postgres://postgres@127.0.0.1:5432/postgres",
    redisUrl: env.MULTICLAW_TEST_REDIS_URL ?? "redis://127.0.0.1:6379",
    chromium: env.MULTICLAW_CHROMIUM ?? "/usr/bin/chromium",
    nodeVersion: process.versions.node,
  };
}

/** The prerequisites of the test suite, in the order the message lists them. */
export function testPrerequisites(settings: PrerequisiteSettings): Prerequisite[] {
  return [
    {
      name: `Node.js ${describeSupportedNode()}`,
      shortName: `Node.js ${settings.nodeVersion}`,
      problem: async () =>
        isSupportedNode(settings.nodeVersion) ? null : `this is Node.js ${settings.nodeVersion}`,
      provide: ["nvm install 24   (or a Node.js 24 LTS package from https://nodejs.org)"],
    },
    {
      name: `PostgreSQL at ${withoutPassword(settings.postgresUrl)}`,
      shortName: "PostgreSQL",
      problem: () => postgresProblem(settings.postgresUrl, checkTimeoutMs),
      provide: [
        `${setupCommand}   (installs and starts it; Debian, Ubuntu)`,
        "or set MULTICLAW_TEST_POSTGRES_URL to a server where that user may create databases",
      ],
    },
    {
      name: `Redis at ${withoutPassword(settings.redisUrl)}`,
      shortName: "Redis",
      problem: () => redisProblem(settings.redisUrl, checkTimeoutMs),
      provide: [
        `${setupCommand}   (installs and starts it; Debian, Ubuntu)`,
        "or set MULTICLAW_TEST_REDIS_URL to another Redis",
      ],
    },
    {
      name: `Chromium at ${settings.chromium}`,
      shortName: "Chromium",
      problem: () => chromiumProblem(settings.chromium, checkTimeoutMs),
      provide: [
        "sudo apt-get install chromium   (Debian, Ubuntu)",
        "or set MULTICLAW_CHROMIUM to a Chromium or Chrome executable",
      ],
    },
  ];
}

/** The URL as the message may show it: a password in it would end up in terminal scrollback and CI logs. */
export function withoutPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password === "") return url;
    parsed.password = "***";
    return parsed.toString();
  } catch {
    return url;
  }
}
