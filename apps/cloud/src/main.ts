import { startCloud } from "./cloud.ts";

/*
 * `npm start`: one Cloud node with the embedded defaults (PGlite under MULTICLAW_HOME, in-process fan-out, a
 * generated master key), or production settings from the environment (DATABASE_URL, REDIS_URL, …).
 */
const cloud = await startCloud().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});

const storage = cloud.config.databaseUrl
  ? "PostgreSQL (DATABASE_URL)"
  : `PGlite in ${cloud.config.dataDir}/cloud/db`;
process.stdout.write(`
  MultiClaw Cloud is running at ${cloud.url}
  storage: ${storage}

  Open ${cloud.url} in a browser to create an account (it comes with a personal workspace),
  sign in, approve devices and accept invitation links. From a terminal:
    curl -s ${cloud.url}/v1/auth/sign-up -H 'content-type: application/json' \\
      -d '{"email":"you@example.com","password":"a long passphrase","name":"Your Name"}'
  Sign in later with the same body (without "name") at ${cloud.url}/v1/auth/sign-in.
  Every endpoint is described at ${cloud.url}/openapi.json. Stop with Ctrl-C.

`);

let stopping = false;
for (const signal of ["SIGINT", "SIGTERM"] as const) {
  process.on(signal, () => {
    if (stopping) process.exit(1);
    stopping = true;
    cloud.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  });
}
