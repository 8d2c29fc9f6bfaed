import type { RunStore } from "@multiclaw/agent";
import { describe, expect, it } from "vitest";
import { GatewayStoreError } from "./store-error.ts";
import {
  sampleApproval,
  sampleConversation,
  sampleGrant,
  sampleMessage,
  samplePlan,
  sampleRun,
  sampleTime,
} from "./testing/sample-records.ts";
import { useTempGatewayStore } from "./testing/test-store.ts";

/*
 * A row that no longer matches the protocol (disk corruption, a hand edit, a bug that bypassed the store) must
 * fail with its table and id, never reach the engine half-valid.
 */

const temp = useTempGatewayStore();

interface Written {
  conversationId: string;
  runId: string;
  messageId: string;
  approvalId: string;
  agentId: string;
}

async function writeOneOfEach(runs: RunStore): Promise<Written> {
  const conversation = sampleConversation();
  const run = sampleRun(conversation);
  const message = sampleMessage(conversation.id);
  const approval = sampleApproval(run.id);
  await runs.createConversation(conversation);
  await runs.createRun(run);
  await runs.appendMessage(message);
  await runs.appendEvent(run.id, sampleTime(), { type: "run-state", state: "running", error: null });
  await runs.savePlan(samplePlan(run.id));
  await runs.saveApproval(approval);
  await runs.saveGrant(sampleGrant(conversation.agentId));
  return {
    conversationId: conversation.id,
    runId: run.id,
    messageId: message.id,
    approvalId: approval.id,
    agentId: conversation.agentId,
  };
}

const cases: {
  what: string;
  tamper: string;
  read: (runs: RunStore, written: Written) => Promise<unknown>;
  names: (written: Written) => string;
}[] = [
  {
    what: "a message part of an unknown type",
    tamper: `UPDATE messages SET parts = '[{"type":"picture"}]'`,
    read: (runs, written) => runs.listMessages(written.conversationId),
    names: (written) => `message ${written.messageId}`,
  },
  {
    what: "message parts that are not JSON",
    tamper: "UPDATE messages SET parts = '[{not json'",
    read: (runs, written) => runs.listMessages(written.conversationId),
    names: (written) => `message ${written.messageId} is not valid JSON`,
  },
  {
    what: "a run in a state the protocol does not have",
    tamper: "UPDATE runs SET state = 'paused'",
    read: (runs, written) => runs.getRun(written.runId),
    names: (written) => `run ${written.runId}`,
  },
  {
    what: "an event body of an unknown type",
    tamper: `UPDATE run_events SET body = '{"type":"teleport"}'`,
    read: (runs, written) => runs.listEvents(written.runId),
    names: (written) => `event 1 of run ${written.runId}`,
  },
  {
    what: "a plan without steps",
    tamper: "UPDATE plans SET steps = '[]'",
    read: (runs, written) => runs.getPlan(written.runId),
    names: () => "plan plan_",
  },
  {
    what: "an approval with an unknown decision",
    tamper: "UPDATE approvals SET decision = 'maybe'",
    read: (runs, written) => runs.getApproval(written.approvalId),
    names: (written) => `approval ${written.approvalId}`,
  },
  {
    what: "a grant with an unknown scope",
    tamper: "UPDATE grants SET scope = 'forever'",
    read: (runs, written) => runs.listGrants({ agentId: written.agentId, now: sampleTime() }),
    names: (written) => `grant of files.write to ${written.agentId}`,
  },
];

describe("corrupt rows", () => {
  it.each(cases)("fails loudly on $what", async ({ tamper, read, names }) => {
    const written = await writeOneOfEach(temp.store.runs);
    await expect(read(temp.store.runs, written)).resolves.toBeDefined();

    temp.tamper(tamper);
    const failure = await read(temp.store.runs, written).then(
      () => new Error("read a corrupt row without complaint"),
      (error: unknown) => error,
    );
    expect(failure).toBeInstanceOf(GatewayStoreError);
    expect(failure).toMatchObject({ code: "INTERNAL", message: expect.stringContaining(names(written)) });
  });
});
