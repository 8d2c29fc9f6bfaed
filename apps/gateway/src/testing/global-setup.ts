import { fileURLToPath } from "node:url";
import { currentBundle } from "../../bin/current-bundle.mjs";
import { buildGatewayBundle, defaultBundleDir, manifestName } from "../launch/build-bundle.ts";

/*
 * Builds the gateway's bundle once before the tests, when it is not current, so every test that starts a
 * gateway process (through the CLI or the test kit) runs what users run, without each one building it.
 */
export default async function setup(): Promise<void> {
  const repositoryRoot = fileURLToPath(new URL("../../../../", import.meta.url));
  const manifest = `${defaultBundleDir()}/${manifestName}`;
  if ("entry" in currentBundle(manifest, repositoryRoot)) return;
  await buildGatewayBundle();
}
