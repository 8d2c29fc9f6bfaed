/*
 * One probe per service the test suite uses, each asking it what the tests will ask: a login and a query, a
 * PING, a run of the browser. Each returns why it failed in one line, or null.
 */
import { execFile } from "node:child_process";
import { promisify } from "node:util";
import { Redis } from "ioredis";
import pg from "pg";

/** The tests create and drop a database per file, so a login and a query must succeed. */
export async function postgresProblem(url: string, timeoutMs: number): Promise<string | null> {
  const client = new pg.Client({
    connectionString: url,
    connectionTimeoutMillis: timeoutMs,
    query_timeout: timeoutMs,
  });
  // An error after connect (the server going away) is reported by the query; without a listener it would throw.
  client.on("error", () => {});
  try {
    await client.connect();
    await client.query("select 1");
    return null;
  } catch (error) {
    return errorText(error);
  } finally {
    await client.end().catch(() => {});
  }
}

export async function redisProblem(url: string, timeoutMs: number): Promise<string | null> {
  let lastError: unknown;
  const redis = new Redis(url, {
    lazyConnect: true,
    connectTimeout: timeoutMs,
    commandTimeout: timeoutMs,
    // One attempt: the check reports, it does not wait for Redis to come up.
    retryStrategy: () => null,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
  });
  // ioredis reports why a connection failed only as an event; connect() rejects with "Connection is closed."
  redis.on("error", (error) => {
    lastError = error;
  });
  try {
    await redis.connect();
    const answer = await redis.ping();
    return answer === "PONG" ? null : `it answered PING with ${answer}`;
  } catch (error) {
    return errorText(lastError ?? error);
  } finally {
    redis.disconnect();
  }
}

/** Runs it, as playwright will: a file that exists but does not start (a broken install) fails here too. */
export async function chromiumProblem(executable: string, timeoutMs: number): Promise<string | null> {
  try {
    await promisify(execFile)(executable, ["--version"], { timeout: timeoutMs });
    return null;
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return "no such file";
    if (code === "EACCES") return "not executable";
    return errorText(error);
  }
}

/** One line from any error: Node's connect errors to several addresses carry their text in `errors` only. */
function errorText(error: unknown): string {
  if (error instanceof AggregateError && error.message === "") return errorText(error.errors[0]);
  const text = error instanceof Error ? error.message : String(error);
  return text.split("\n")[0]?.trim() || "unknown error";
}
