import { runSignRelease, signReleaseUsage } from "./sign-release-command.ts";

try {
  await runSignRelease(process.argv.slice(2), {
    now: () => new Date(),
    print: (line) => process.stdout.write(`${line}\n`),
  });
} catch (error) {
  process.stderr.write(`release:sign: ${error instanceof Error ? error.message : String(error)}\n\n`);
  process.stderr.write(`${signReleaseUsage}\n`);
  process.exitCode = 1;
}
