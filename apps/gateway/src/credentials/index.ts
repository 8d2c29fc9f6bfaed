/*
 * The device credential: where it lives, how it is kept private on disk, and how a machine gets one.
 */
export { CredentialFileError, type CredentialStore, createCredentialStore } from "./credential-store.ts";
export { credentialsPath, gatewayConfigDir } from "./credentials-path.ts";
export { DeviceCredential } from "./device-credential.ts";
export { type DeviceLoginOptions, devicePlatform, loginWithDeviceCode } from "./device-login.ts";
export {
  deletePrivateFile,
  ensurePrivateDirectory,
  PrivateFileError,
  type PrivateFileProblem,
  readPrivateFile,
  writePrivateFile,
} from "./private-file.ts";
