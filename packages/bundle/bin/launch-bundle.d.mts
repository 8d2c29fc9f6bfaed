/** See launch-bundle.mjs. */
export interface LaunchOptions {
  name: string;
  bundleDir: string;
  manifestPath: string;
  repositoryRoot: string;
  builder: string;
  sources: string;
  fromSources: boolean;
}

export declare function bundleEntry(
  options: Omit<LaunchOptions, "sources" | "fromSources">,
): string | undefined;

export declare function launchBundle(options: LaunchOptions): Promise<void>;
