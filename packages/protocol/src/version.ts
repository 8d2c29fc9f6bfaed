/**
 * The wire protocol version. A client names it in the event stream's `hello` frame and in the
 * `multiclaw-protocol` request header; the Cloud refuses versions it does not speak with `PROTOCOL_UNSUPPORTED`.
 */
export const PROTOCOL_VERSION = 1;

/** Versions this build of the Cloud accepts. */
export const SUPPORTED_PROTOCOL_VERSIONS: readonly number[] = [1];

export const PROTOCOL_HEADER = "multiclaw-protocol";
