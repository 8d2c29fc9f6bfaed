import type { SkillFindingSeverity, SkillScanRule } from "@multiclaw/protocol";
import { codePointName, findHiddenCharacters, tagText } from "./hidden-characters.ts";

/*
 * The scanner's rules, each over one line of a text file. Each says what it saw in words a person can judge;
 * the scanner adds the file, the line and the excerpt. They look for what skills on public registries have
 * used to attack the agents that load them: an instruction to run a downloaded script, a payload hidden in an
 * encoded blob, a read of the user's keys, and text the reader cannot see but the model can.
 */

export interface LineMatch {
  /** Where in the line the excerpt should centre. */
  index: number;
  message: string;
  /** When this match ranks apart from the rule's own severity. */
  severity?: SkillFindingSeverity;
}

export interface ScanRule {
  id: SkillScanRule;
  severity: SkillFindingSeverity;
  /** At most one match per line: a finding names the line, a person reads the rest there. */
  match(line: string): LineMatch | null;
}

const DOWNLOADER = `(?:curl|wget|fetch|aria2c|iwr|irm|Invoke-WebRequest|Invoke-RestMethod)`;
const INTERPRETER = `(?:(?:ba|z|k|da|fi|tc|c)?sh|python[0-9.]*|perl|ruby|node|php|osascript)`;
const PIPE_TO_SHELL = [
  // curl -fsSL https://x/install.sh | sudo -E bash -s --
  new RegExp(
    String.raw`\b${DOWNLOADER}\b[^|\n]{0,300}\|\s*(?:sudo\s+(?:-\S+\s+)*)?(?:env\s+)?${INTERPRETER}\b`,
    "i",
  ),
  // bash <(curl …), sh -c "$(wget -qO- …)", eval "$(curl …)"
  new RegExp(
    String.raw`\b(?:${INTERPRETER}|eval|source|\.)\s+(?:-c\s+)?["']?(?:<|\$)\(\s*${DOWNLOADER}\b`,
    "i",
  ),
  // iwr https://x | iex, irm … | Invoke-Expression
  new RegExp(String.raw`\b${DOWNLOADER}\b[^|\n]{0,300}\|\s*(?:iex|Invoke-Expression)\b`, "i"),
  // iex (iwr …), IEX(New-Object Net.WebClient).DownloadString(…)
  new RegExp(
    String.raw`\b(?:iex|Invoke-Expression)\s*[(]?\s*[(]?\s*(?:${DOWNLOADER}\b|New-Object\s+(?:System\.)?Net\.WebClient)`,
    "i",
  ),
];

const pipeToShell: ScanRule = {
  id: "pipe-to-shell",
  severity: "high",
  match(line) {
    // Every form pipes (`|`) or substitutes (`$(`, `<(`, `iex(`): a line with neither is skipped cheaply.
    if (!line.includes("|") && !line.includes("(")) return null;
    for (const pattern of PIPE_TO_SHELL) {
      const found = pattern.exec(line);
      if (found) return { index: found.index, message: "runs a downloaded script in a shell" };
    }
    return null;
  },
};

/** Long enough that hashes (sha256: 64 hex, 44 base64) and ordinary words never reach it. */
const BASE64_MIN = 120;
const HEX_MIN = 160;
const BASE64_RUN = new RegExp(`[A-Za-z0-9+/_-]{${BASE64_MIN},}={0,2}`, "g");
const HEX_RUN = new RegExp(`(?:0x)?[0-9a-fA-F]{${HEX_MIN},}`, "g");
const ESCAPED_BYTES = /(?:\\x[0-9a-fA-F]{2}){16,}/;

/** Base64 of real bytes mixes both cases and digits; a long path, a word or a row of one letter does not. */
function looksEncoded(run: string): boolean {
  return /[A-Z]/.test(run) && /[a-z]/.test(run) && /[0-9]/.test(run);
}

const encodedBlob: ScanRule = {
  id: "encoded-blob",
  severity: "medium",
  match(line) {
    for (const found of line.matchAll(BASE64_RUN)) {
      if (looksEncoded(found[0])) {
        return {
          index: found.index,
          message: `a ${found[0].length}-character base64 run hides what it says`,
        };
      }
    }
    for (const found of line.matchAll(HEX_RUN)) {
      // Bytes in hex mix digits and letters; a row of one letter ("aaaa…") does not.
      if (/[0-9]/.test(found[0]) && /[a-f]/i.test(found[0].replace(/^0x/, ""))) {
        return { index: found.index, message: `a ${found[0].length}-character hex run hides what it says` };
      }
    }
    const escaped = ESCAPED_BYTES.exec(line);
    if (escaped)
      return { index: escaped.index, message: `${escaped[0].length / 4} escaped bytes hide what they say` };
    return null;
  },
};

/** Files and stores that hold keys, tokens and passwords, and what each one is. */
const CREDENTIAL_PLACES: readonly { pattern: RegExp; what: string; severity: SkillFindingSeverity }[] = [
  {
    pattern: /(?:~|\$HOME|\$\{HOME\}|%USERPROFILE%)[\\/]\.ssh\b/i,
    what: "the SSH directory",
    severity: "high",
  },
  { pattern: /\bid_(?:rsa|dsa|ecdsa|ed25519)(?:_sk)?\b/, what: "an SSH private key", severity: "high" },
  { pattern: /\.ssh[\\/](?:authorized_keys|known_hosts|config)\b/, what: "SSH settings", severity: "high" },
  { pattern: /\.aws[\\/](?:credentials|config)\b/, what: "AWS credentials", severity: "high" },
  {
    pattern: /\.config[\\/]gcloud\b|application_default_credentials\.json/,
    what: "Google Cloud credentials",
    severity: "high",
  },
  {
    pattern: /\.azure[\\/]|\.kube[\\/]config\b|\.docker[\\/]config\.json/,
    what: "cloud or cluster credentials",
    severity: "high",
  },
  {
    pattern: /\.(?:netrc|git-credentials|npmrc|pypirc)\b|\.gnupg\b/,
    what: "a file of tokens or keys",
    severity: "high",
  },
  {
    pattern: /\/etc\/(?:shadow|gshadow|sudoers|master\.passwd)\b/,
    what: "the system's password file",
    severity: "high",
  },
  {
    pattern:
      /\bsecurity\s+(?:find-(?:generic|internet)-password|dump-keychain)\b|\bKeychains?[\\/]|\.keychain(?:-db)?\b|\bsecret-tool\s+lookup\b/i,
    what: "the keychain",
    severity: "high",
  },
  {
    pattern:
      /(?:Chrome|Chromium|Edge|Brave|BraveSoftware)[^\n]*[\\/](?:Cookies|Login Data|Local State)\b|cookies\.sqlite|logins\.json|key[34]\.db\b/i,
    what: "a browser's cookies or saved passwords",
    severity: "high",
  },
  {
    pattern: /\bwallet\.dat\b|\.(?:bitcoin|electrum|ethereum)[\\/]/i,
    what: "a crypto wallet",
    severity: "high",
  },
  // `.env` as a file name (not process.env or "environment"): it usually holds API keys.
  {
    pattern: /(?:^|[\s"'`=(:~/\\])\.env(?:\.[a-z]+)?(?![\w.-]*\w)/i,
    what: "a .env file of secrets",
    severity: "medium",
  },
];

const credentialRead: ScanRule = {
  id: "credential-read",
  severity: "high",
  match(line) {
    for (const place of CREDENTIAL_PLACES) {
      const found = place.pattern.exec(line);
      if (found) return { index: found.index, message: `refers to ${place.what}`, severity: place.severity };
    }
    return null;
  },
};

const hiddenUnicode: ScanRule = {
  id: "hidden-unicode",
  severity: "high",
  match(line) {
    const hidden = findHiddenCharacters(line);
    const first = hidden[0];
    if (!first) return null;
    const names = [...new Set(hidden.map((character) => codePointName(character.codePoint)))];
    const spelled = tagText(line);
    return {
      index: first.index,
      message:
        `${hidden.length} invisible character${hidden.length === 1 ? "" : "s"} (${names.slice(0, 5).join(", ")})` +
        (spelled ? `; the tag characters spell "${spelled.slice(0, 80)}"` : ""),
    };
  },
};

/** Every line rule, in the order their findings are listed for a line. */
export const scanRules: readonly ScanRule[] = [pipeToShell, credentialRead, hiddenUnicode, encodedBlob];
