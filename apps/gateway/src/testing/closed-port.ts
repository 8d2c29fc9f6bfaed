import { createServer } from "node:net";

/**
 * A port of 127.0.0.1 nothing listens on: where configuration leads when the host it names is down. The port
 * was free a moment ago and is closed again; another process could take it meanwhile, but nothing in the
 * tests listens on ports it did not pick itself.
 */
export async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}
