/** Whether a bundle is current; see current-bundle.mjs. */
export declare function currentBundle(
  manifestPath: string,
  repositoryRoot: string,
): { entry: string } | { stale: string };
