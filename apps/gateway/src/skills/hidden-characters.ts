/*
 * Characters a reader does not see but a model reads: zero-width spaces and joiners, bidirectional controls
 * (the "Trojan Source" reordering), invisible operators, and Unicode tag characters (U+E0000–E007F), which
 * spell out whole hidden sentences in ASCII ("ASCII smuggling"). Emoji use two of them legitimately: a zero-
 * width joiner between pictographs (👨‍👩‍👧) and tag characters after a black flag (🏴󠁧󠁢󠁳󠁣󠁴󠁿); those are left alone.
 */

const HIDDEN =
  /[\u00AD\u180E\u200B-\u200F\u202A-\u202E\u2060-\u2064\u2066-\u2069\uFEFF]|[\u{E0000}-\u{E007F}]/u;
const HIDDEN_ALL = new RegExp(HIDDEN.source, "gu");
const PICTOGRAPH = /\p{Extended_Pictographic}/u;
const ZWJ = 0x200d;
const BLACK_FLAG = 0x1f3f4;

const isTag = (code: number) => code >= 0xe0000 && code <= 0xe007f;
// Variation selector 16 and skin tones sit between a pictograph and the joiner that follows it.
const isEmojiModifier = (code: number) => code === 0xfe0f || (code >= 0x1f3fb && code <= 0x1f3ff);

/** One hidden character found in a line, with its code point and, for a run of tags, the text they spell. */
export interface HiddenCharacter {
  index: number;
  codePoint: number;
}

/** The hidden characters of a line that are not part of an emoji sequence. */
export function findHiddenCharacters(line: string): HiddenCharacter[] {
  const points = Array.from(line);
  const found: HiddenCharacter[] = [];
  let offset = 0;
  for (let i = 0; i < points.length; i++) {
    const point = points[i] as string;
    const code = point.codePointAt(0) as number;
    if (HIDDEN.test(point) && !partOfEmoji(points, i, code)) found.push({ index: offset, codePoint: code });
    offset += point.length;
  }
  return found;
}

function partOfEmoji(points: string[], i: number, code: number): boolean {
  if (code === ZWJ) {
    let before = i - 1;
    while (before >= 0 && isEmojiModifier(points[before]?.codePointAt(0) ?? 0)) before--;
    return PICTOGRAPH.test(points[before] ?? "") && PICTOGRAPH.test(points[i + 1] ?? "");
  }
  if (isTag(code)) {
    let start = i;
    while (start > 0 && isTag(points[start - 1]?.codePointAt(0) ?? 0)) start--;
    return points[start - 1]?.codePointAt(0) === BLACK_FLAG;
  }
  return false;
}

/** `U+200B` */
export function codePointName(codePoint: number): string {
  return `U+${codePoint.toString(16).toUpperCase().padStart(4, "0")}`;
}

/** The text with every hidden character written out as `<U+200B>`, so a person sees where they are. */
export function makeVisible(text: string): string {
  return text.replace(HIDDEN_ALL, (point) => `<${codePointName(point.codePointAt(0) as number)}>`);
}

/** What a run of tag characters spells in ASCII (each tag is its ASCII letter plus 0xE0000). */
export function tagText(line: string): string {
  return Array.from(line)
    .map((point) => point.codePointAt(0) as number)
    .filter((code) => code > 0xe0000 && code < 0xe007f)
    .map((code) => String.fromCharCode(code - 0xe0000))
    .join("");
}
