/*
 * The device credential: where it lives, how it is kept private on disk, and how a machine gets one. Beside
 * it, the user session file (a person signed in through the gateway), kept private the same way.
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
export { UserSessionFile, userSessionPath } from "./user-session-file.ts";
export { createUserSessionStore, UserSessionFileError, type UserSessionStore } from "./user-session-store.ts";
