/** The gateway's version, as `multiclaw status` shows it. */
export const GATEWAY_VERSION = "0.1.0";
