/** The Cloud's release version, reported by /healthz and in the OpenAPI document. */
export const CLOUD_VERSION = "0.1.0";
