/*
 * The first step of `npm test`: checks, within seconds, that the machine has what the suite needs (the Node
 * version, PostgreSQL, Redis, Chromium), and otherwise stops with one message that says what is missing and
 * how to get it — rather than a test file failing minutes later with a stack trace.
 */
import { missingPrerequisitesReport } from "./prerequisite-report.ts";
import { findProblem, prerequisiteSettings, testPrerequisites } from "./prerequisites.ts";

const prerequisites = testPrerequisites(prerequisiteSettings());
const problems = await Promise.all(prerequisites.map(findProblem));
const missing = prerequisites.flatMap((prerequisite, index) => {
  const problem = problems[index];
  return problem ? [{ prerequisite, problem }] : [];
});

// Exits once the message is out: a check that gave up may leave a socket open that would hold the process.
if (missing.length > 0) {
  process.stderr.write(missingPrerequisitesReport(missing), () => process.exit(1));
} else {
  const names = prerequisites.map((prerequisite) => prerequisite.shortName);
  process.stdout.write(`Test prerequisites present: ${names.join(", ")}.\n`, () => process.exit(0));
}
