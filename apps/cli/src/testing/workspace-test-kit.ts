import { mkdtemp, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { Readable, Writable } from "node:stream";
import { startTestCloud, type TestCloud } from "@multiclaw/cloud/testing/test-cloud";
import { type CloudClient, createCloudClient, staticTokenSource } from "@multiclaw/cloud-client";
import { type GatewayProcess, spawnGatewayProcess } from "@multiclaw/gateway/testing/gateway-process";
import { startSignedInGateway } from "@multiclaw/gateway/testing/signed-in-gateway";
import type { Role } from "@multiclaw/protocol";
import { runCli } from "../cli.ts";
import { noBackgroundStart } from "./cli-harness.ts";

/*
 * Test kit of the workspace commands (`keys`, `agents`, `tasks`, `team`), all real: a Cloud on 127.0.0.1 with
 * one workspace of three people — an owner, an admin, a member — and, for each person, a gateway process in its
 * own MULTICLAW_HOME holding that person's user session. `multiclaw …` runs in-process exactly as in
 * production: it finds the gateway by MULTICLAW_HOME and MULTICLAW_GATEWAY_PORT and reaches the Cloud through
 * the gateway's `/cloud` forwarding. The owner's gateway is also signed in as a device (as `npm start` leaves
 * it), so it syncs the workspace's agents and keys and runs their MCP servers.
 */

const PASSWORD = "correct horse battery staple";

export interface Person {
  name: string;
  email: string;
  userId: string;
  /** The Cloud as this person, straight (not through a gateway): for setting up and checking. */
  cloud: CloudClient;
}

export interface CommandResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunAs {
  as?: Person;
  /** Piped standard input; empty when omitted. */
  stdin?: string;
  /** Pretend stdin and stdout are a terminal (the editor path). */
  terminal?: boolean;
  env?: NodeJS.ProcessEnv;
}

export interface TestTeam {
  cloud: TestCloud;
  workspaceId: string;
  owner: Person;
  admin: Person;
  member: Person;
  /** The person's gateway (started on first use), with their user session. */
  gatewayOf(person: Person): Promise<GatewayProcess>;
  /** MULTICLAW_HOME and MULTICLAW_GATEWAY_PORT of the person's gateway: how the CLI finds it. */
  envOf(person: Person): Promise<Record<string, string>>;
  /** Runs one command line as `as` (the owner by default) with `--workspace` of the team's workspace added. */
  run(argv: readonly string[], options?: RunAs): Promise<CommandResult>;
  /** Runs one command line exactly as given (no `--workspace` added). */
  runExactly(argv: readonly string[], options?: RunAs): Promise<CommandResult>;
  close(): Promise<void>;
}

let accounts = 0;

async function signUp(baseUrl: string, name: string): Promise<Person & { workspaceId: string }> {
  accounts += 1;
  const email = `${name.toLowerCase()}.${process.pid}.${accounts}@example.test`;
  const anonymous = createCloudClient({ baseUrl, fetch: (url, init) => fetch(url, init) });
  const answer = await anonymous.call("signUp", { body: { email, password: PASSWORD, name } });
  return {
    name,
    email,
    userId: answer.user.id,
    cloud: anonymous.withAuth(staticTokenSource(answer.tokens.accessToken)),
    workspaceId: answer.workspaces[0]?.id as string,
  };
}

/** Signs `name` up and brings them into `workspaceId` through a real invitation link. */
async function joinWorkspace(
  owner: Person,
  workspaceId: string,
  baseUrl: string,
  name: string,
  role: Exclude<Role, "owner">,
): Promise<Person> {
  const { workspaceId: _own, ...person } = await signUp(baseUrl, name);
  const invitation = await owner.cloud.call("createInvitation", {
    params: { workspaceId },
    body: { role, expiresInHours: 1 },
  });
  await person.cloud.call("acceptInvitation", { body: { token: invitation.token } });
  return person;
}

function collector() {
  let text = "";
  const stream = new Writable({
    write(chunk: Buffer | string, _encoding, callback) {
      text += chunk.toString();
      callback();
    },
  });
  return { stream, text: () => text };
}

export function gatewayEnv(gateway: GatewayProcess): Record<string, string> {
  return { MULTICLAW_HOME: gateway.home, MULTICLAW_GATEWAY_PORT: new URL(gateway.url).port };
}

export async function startTestTeam(): Promise<TestTeam> {
  const cloud = await startTestCloud();
  const root = await mkdtemp(join(tmpdir(), "multiclaw-cli-team-"));
  const baseUrl = cloud.cloud.url;
  const gateways = new Map<string, Promise<GatewayProcess>>();
  const close = async () => {
    const started = await Promise.allSettled(gateways.values());
    await Promise.all(
      started.flatMap((result) => (result.status === "fulfilled" ? [result.value.kill("SIGTERM")] : [])),
    );
    await cloud.close();
    await rm(root, { recursive: true, force: true });
  };
  try {
    const owner = await signUp(baseUrl, "Ada");
    const { workspaceId } = owner;
    const admin = await joinWorkspace(owner, workspaceId, baseUrl, "Grace", "admin");
    const member = await joinWorkspace(owner, workspaceId, baseUrl, "Linus", "member");

    const startGatewayOf = async (person: Person): Promise<GatewayProcess> => {
      const home = join(root, person.name.toLowerCase());
      const gateway =
        person.userId === owner.userId
          ? await startSignedInGateway({
              home,
              cloudUrl: baseUrl,
              approver: { cloud: owner.cloud, workspaceId },
            })
          : await spawnGatewayProcess({ home, cloudUrl: baseUrl });
      await gateway.client.signInUser({ email: person.email, password: PASSWORD });
      return gateway;
    };
    const gatewayOf = (person: Person) => {
      let gateway = gateways.get(person.userId);
      if (!gateway) {
        gateway = startGatewayOf(person);
        gateways.set(person.userId, gateway);
      }
      return gateway;
    };
    const envOf = async (person: Person) => gatewayEnv(await gatewayOf(person));

    const runExactly = async (argv: readonly string[], options: RunAs = {}) => {
      const env = await envOf(options.as ?? owner);
      const stdout = collector();
      const stderr = collector();
      const stdin = Readable.from(options.stdin === undefined ? [] : [options.stdin]);
      if (options.terminal) {
        Object.assign(stdin, { isTTY: true });
        Object.assign(stdout.stream, { isTTY: true });
      }
      const code = await runCli(argv, {
        env: { NO_COLOR: "1", PATH: process.env.PATH ?? "/usr/bin:/bin", ...env, ...options.env },
        stdout: stdout.stream,
        stderr: stderr.stream,
        stdin,
        gatewayProcess: noBackgroundStart,
      });
      return { code, stdout: stdout.text(), stderr: stderr.text() };
    };
    return {
      cloud,
      workspaceId,
      owner,
      admin,
      member,
      gatewayOf,
      envOf,
      runExactly,
      run: (argv, options) => runExactly([...argv, "--workspace", workspaceId], options),
      close,
    };
  } catch (error) {
    await close();
    throw error;
  }
}
