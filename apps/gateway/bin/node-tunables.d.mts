/** The gateway's per-Node-major process tunables; see node-tunables.mjs. */
export declare const tunablesByMajor: Readonly<
  Record<string, { args: readonly string[]; env: Readonly<Record<string, string>> }>
>;

export declare function tunedRelaunch(current: {
  nodeVersion: string;
  execPath: string;
  execArgv: readonly string[];
  argv: readonly string[];
  env: Record<string, string | undefined>;
}): { file: string; args: string[]; env: Record<string, string> } | undefined;

export declare function applyNodeTunables(): void;
