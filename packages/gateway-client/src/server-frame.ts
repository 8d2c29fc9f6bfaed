import { StreamServerFrame } from "@multiclaw/protocol";

/**
 * A message of the gateway's stream as a server frame, or null for anything that is not one (binary data,
 * text that is not JSON, a frame of a newer protocol): both subscriptions skip such messages rather than fail.
 */
export function readServerFrame(data: unknown): StreamServerFrame | null {
  if (typeof data !== "string") return null;
  let json: unknown;
  try {
    json = JSON.parse(data);
  } catch {
    return null;
  }
  const parsed = StreamServerFrame.safeParse(json);
  return parsed.success ? parsed.data : null;
}
