import { defaultUrls } from "@multiclaw/egress";
import { libraryNodeGate, type NodeGate } from "./node-engines-gate.ts";
import { serviceUrlFrom } from "./service-url.ts";

/** The preview service's client; its Node gate decides whether link previews exist on this machine. */
export const LINK_PREVIEW_CLIENT_PACKAGE = "@microlink/mql";

export interface LinkPreviewSettings {
  /** The preview service (`MULTICLAW_LINK_PREVIEW_URL`, Microlink's free API by default). */
  endpoint: string;
  /** Sent only when configured (`MULTICLAW_LINK_PREVIEW_API_KEY`); the free API takes none. */
  apiKey: string | undefined;
  /** Whether the client may load on this Node (decision 0010). */
  gate: NodeGate;
}

/** Read once at start. */
export function readLinkPreviewSettings(
  env: NodeJS.ProcessEnv,
  gate: NodeGate = libraryNodeGate(LINK_PREVIEW_CLIENT_PACKAGE),
): LinkPreviewSettings {
  return {
    endpoint: serviceUrlFrom(env, "MULTICLAW_LINK_PREVIEW_URL", defaultUrls.linkPreviewUrl),
    apiKey: env.MULTICLAW_LINK_PREVIEW_API_KEY?.trim() || undefined,
    gate,
  };
}

/** Why link previews are off on this machine (the egress row reads it too), or undefined when they are on. */
export function linkPreviewsOff(settings: LinkPreviewSettings): string | undefined {
  return settings.gate.open ? undefined : `Link previews ${settings.gate.reason}`;
}
