export interface CliGatewayPaths {
  readonly apiTokenFile: string;
  readonly pidFile: string;
  readonly logFile: string;
}
export declare function cliGatewayPaths(env?: NodeJS.ProcessEnv): CliGatewayPaths;
