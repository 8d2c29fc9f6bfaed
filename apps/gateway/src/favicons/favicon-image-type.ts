/*
 * Which raster image a favicon's bytes are, by their signature. The gateway serves an icon with the type its
 * bytes show, not the one the service declared, and only these types: each is decoded by the browser as an
 * image and nothing else. SVG is refused outright. An SVG is a document that can carry script, and the gateway
 * serves it from its own origin, where the App's session and API live; a sandboxing CSP on the answer would
 * contain it, but refusing costs only the rare site whose only icon is an SVG (the favicon service answers
 * PNG), and leaves nothing to get wrong.
 */

export type FaviconContentType = "image/png" | "image/gif" | "image/jpeg" | "image/webp" | "image/x-icon";

/** Content types a favicon answer may declare; parameters (`; charset=…`) are ignored. */
const declaredTypes = new Set([
  "image/png",
  "image/gif",
  "image/jpeg",
  "image/webp",
  "image/x-icon",
  "image/vnd.microsoft.icon",
]);

export function isAcceptedDeclaredType(contentType: string | null): boolean {
  const bare = contentType?.split(";")[0]?.trim().toLowerCase();
  return bare !== undefined && declaredTypes.has(bare);
}

function startsWith(bytes: Uint8Array, signature: readonly number[], offset = 0): boolean {
  return signature.every((byte, index) => bytes[offset + index] === byte);
}

const ascii = (text: string) => [...text].map((character) => character.charCodeAt(0));

/**
 * The image type of `bytes`, or undefined when they are none of the accepted ones.
 *
 * @example
 * imageTypeOf(new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) // "image/png"
 */
export function imageTypeOf(bytes: Uint8Array): FaviconContentType | undefined {
  if (startsWith(bytes, [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])) return "image/png";
  if (startsWith(bytes, ascii("GIF87a")) || startsWith(bytes, ascii("GIF89a"))) return "image/gif";
  if (startsWith(bytes, [0xff, 0xd8, 0xff])) return "image/jpeg";
  if (startsWith(bytes, ascii("RIFF")) && startsWith(bytes, ascii("WEBP"), 8)) return "image/webp";
  // An ICO directory: reserved 0, type 1 (2 would be a cursor), at least one image.
  if (startsWith(bytes, [0x00, 0x00, 0x01, 0x00]) && (bytes[4] ?? 0) + (bytes[5] ?? 0) > 0)
    return "image/x-icon";
  return undefined;
}
