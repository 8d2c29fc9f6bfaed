export { type RunningCloud, type StartCloudOptions, startCloud } from "./cloud.ts";
export { type CloudConfig, type CloudOptions, resolveCloudConfig } from "./config.ts";
