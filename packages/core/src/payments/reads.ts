// What a learner reads of payments: the refund so far on a pod (live from attendance), the excused absence they
// may declare before a session, and the credit ledger with their deposits.
import type { Actor } from "../access/index.js";
import { getSprintType } from "../catalog/index.js";
import { conflict, notFound, type Platform, parseInput } from "../platform/index.js";
import { depositRequiredFor, podMembership } from "../pods/index.js";
import { sessionsOfPods } from "../sessions/index.js";
import { getDeposit, toDepositView } from "./deposits.js";
import { balanceOf, userAccount } from "./ledger.js";
import { ExcuseInput, type LedgerView, type PodRefund } from "./model.js";
import {
  Deposit,
  type DepositItem,
  depositKey,
  LedgerEntry,
  type LedgerEntryItem,
  Settlement,
  type SettlementLineItem,
} from "./records.js";
import { calculationFor, podContext } from "./settlement.js";

const NOT_FOUND = () => notFound("pod.not_found", "No such pod.");

/** The member's deposit, refund so far and (once settled) the outcome; a learner sees only their own. */
export async function podRefundOf(p: Platform, actor: Actor, podId: string): Promise<PodRefund> {
  const membership = await podMembership(p, podId, actor.userId);
  if (!membership?.member) throw NOT_FOUND();
  const { pod } = membership;
  const [sprint, deposit, line, credit, required] = await Promise.all([
    getSprintType(p, pod.sprintType),
    getDeposit(p, podId, actor.userId),
    p.store.get<SettlementLineItem>(Settlement.key("line", { podId, userId: actor.userId }), { consistent: true }),
    balanceOf(p, userAccount(actor.userId)),
    depositRequiredFor(p, pod.sprintType),
  ]);
  const policy = sprint.refundPolicy;
  const held = deposit && ["paid", "settled"].includes(deposit.status);
  const calculation = held
    ? await calculationFor(
        p,
        await podContext(p, podId, pod.sprintType, { activatedAt: pod.activatedAt, endsAt: pod.endsAt }),
        deposit,
      )
    : null;
  return {
    podId,
    depositRequired: required,
    depositAmount: sprint.deposit,
    creditCents: credit,
    deposit: deposit ? toDepositView(p, deposit) : null,
    calculation,
    excusedSessionId: deposit?.excusedSessionId ?? null,
    settlement: line
      ? { refundCents: line.refundCents, forfeitCents: line.forfeitCents, refundTo: line.refundTo, status: line.status }
      : null,
    policy: {
      kind: policy.kind,
      minimumSessions: policy.minimumSessions,
      feePercent: policy.feePercent,
      excusedAbsences: policy.excusedAbsences ?? 1,
      practiceMakeups: policy.practiceMakeups ?? 0,
      forfeitTo: policy.forfeitTo ?? "keepers",
    },
  };
}

/**
 * Declares an absence ahead of a session: it does not count against the refund. One a sprint (as the policy
 * allows), and only before the session starts; declaring the same session again changes nothing.
 */
export async function declareExcuse(p: Platform, actor: Actor, podId: string, input: unknown): Promise<PodRefund> {
  const { sessionId } = parseInput(ExcuseInput, input, "excuse");
  const membership = await podMembership(p, podId, actor.userId);
  if (!membership?.member) throw NOT_FOUND();
  const deposit = await getDeposit(p, podId, actor.userId);
  if (!deposit || deposit.status !== "paid") {
    throw conflict("payment.no_deposit", "An absence can be excused only while your deposit is held.");
  }
  const sprint = await getSprintType(p, membership.pod.sprintType);
  if ((sprint.refundPolicy.excusedAbsences ?? 1) < 1) {
    throw conflict("payment.excuse_not_allowed", "This sprint's policy has no excused absences.");
  }
  if (deposit.excusedSessionId === sessionId) return podRefundOf(p, actor, podId);
  if (deposit.excusedSessionId) {
    throw conflict("payment.excuse_used", "You have already excused an absence this sprint.", {
      excusedSessionId: deposit.excusedSessionId,
    });
  }
  const session = (await sessionsOfPods(p, [podId])).find((s) => s.id === sessionId);
  if (!session) throw notFound("session.not_found", "No such session in this pod.");
  if (session.status !== "scheduled" || new Date(session.startsAt) <= p.clock.now()) {
    throw conflict("payment.excuse_too_late", "An absence must be declared before the session starts.", {
      startsAt: session.startsAt,
    });
  }
  await p.store.update<DepositItem>(
    depositKey(podId, actor.userId),
    { set: { excusedSessionId: sessionId } },
    // Another tab's excuse (or the settlement) in between fails this, rather than replacing it.
    { version: deposit.version ?? 0 },
  );
  return podRefundOf(p, actor, podId);
}

const LEDGER_PAGE = 50;

/** The learner's credit balance, history (newest first) and deposits. */
export async function ledgerOf(p: Platform, userId: string, cursor?: string | null): Promise<LedgerView> {
  const [balance, page, deposits] = await Promise.all([
    balanceOf(p, userAccount(userId)),
    p.store.query<LedgerEntryItem>(
      LedgerEntry.query("history", { userId }, { limit: LEDGER_PAGE, cursor: cursor ?? null }),
    ),
    p.store.queryAll<DepositItem>(Deposit.query("ofUser", { userId })),
  ]);
  const entries = page.items.filter((i) => i.type === "LedgerEntry");
  return {
    balanceCents: balance,
    currency: entries[0]?.currency ?? deposits[0]?.currency ?? "USD",
    entries: entries.map((e) => ({
      txId: e.txId,
      kind: e.kind,
      at: e.at,
      amountCents: e.amountCents,
      eventCents: e.eventCents,
      currency: e.currency,
      podId: e.podId,
      memo: e.memo,
    })),
    deposits: deposits.sort((a, b) => b.createdAt.localeCompare(a.createdAt)).map((d) => toDepositView(p, d)),
    nextCursor: page.nextCursor,
  };
}

/**
 * The learner's part of the export: balance, every ledger line and every deposit. These records stay after an
 * erasure (money records are kept as the law requires); they carry the account's opaque id and amounts, and no name,
 * email or card detail, so once the account is gone nothing in them points to a person.
 */
export async function paymentsExport(p: Platform, userId: string): Promise<Omit<LedgerView, "nextCursor">> {
  const first = await ledgerOf(p, userId);
  const entries = [...first.entries];
  for (let cursor = first.nextCursor; cursor; ) {
    const page = await ledgerOf(p, userId, cursor);
    entries.push(...page.entries);
    cursor = page.nextCursor;
  }
  return { balanceCents: first.balanceCents, currency: first.currency, entries, deposits: first.deposits };
}
