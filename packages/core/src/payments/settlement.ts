// The sprint's settlement: 48 hours after a pod ends (time for late check-ins), every member's refund is computed
// by the policy and paid out, to the card or as credit as they chose; stakes lost go as credit to the pod-mates
// who kept every session, or to the platform. Each member's line is one posting, so running it twice pays once.
import { getSprintType, type SprintType } from "../catalog/index.js";
import { commitWithEffects, isConditionFailed, type Platform, scheduleName } from "../platform/index.js";
import { sessionsOfPods } from "../sessions/index.js";
import { listLearningSessions } from "../tutor/index.js";
import { cardRefunds, depositsOfPod, releaseDeposit } from "./deposits.js";
import {
  balanceOf,
  depositAccount,
  forfeitAccount,
  PLATFORM_ACCOUNT,
  post,
  STRIPE_ACCOUNT,
  userAccount,
} from "./ledger.js";
import type { RefundCalculation } from "./model.js";
import { type DepositItem, Settlement, type SettlementItem, type SettlementLineItem } from "./records.js";
import { refundFor } from "./refunds.js";

/** Late check-ins are taken until this long after the pod's end. */
export const SETTLEMENT_DELAY_HOURS = 48;

export const settlementScheduleName = (podId: string) => scheduleName("settle", podId);

/** Puts the pod's settlement on the calendar, once (a repeated pod.closed changes nothing). */
export async function scheduleSettlement(p: Platform, podId: string): Promise<void> {
  const dueAt = new Date(p.clock.now().getTime() + SETTLEMENT_DELAY_HOURS * 3_600_000).toISOString();
  const item: SettlementItem = {
    ...Settlement.key("one", { podId }),
    type: "Settlement",
    podId,
    status: "scheduled",
    dueAt,
    settledAt: null,
  };
  try {
    await commitWithEffects(
      p,
      [{ put: item, condition: { absent: true } }],
      [
        {
          kind: "schedule.at",
          name: settlementScheduleName(podId),
          at: dueAt,
          target: { job: "payments.settle", payload: { podId } },
        },
      ],
    );
  } catch (e) {
    if (!isConditionFailed(e)) throw e;
  }
}

/** Tutor practice sessions a member finished inside the sprint (what the policy may count as effort). */
async function practiceDuring(p: Platform, userId: string, from: string | null, to: string | null): Promise<number> {
  if (!from) return 0;
  const sessions = await listLearningSessions(p, userId, 50);
  return sessions.filter(
    (s) =>
      s.mode === "practice" &&
      s.status === "ended" &&
      s.itemsDone >= 3 &&
      s.startedAt >= from &&
      (!to || s.startedAt <= to),
  ).length;
}

export interface PodContext {
  sprint: SprintType;
  sessions: Awaited<ReturnType<typeof sessionsOfPods>>;
  activatedAt: string | null;
  endsAt: string | null;
}

export async function podContext(
  p: Platform,
  podId: string,
  sprintType: string,
  window: { activatedAt: string | null; endsAt: string | null },
): Promise<PodContext> {
  const [sprint, sessions] = await Promise.all([getSprintType(p, sprintType), sessionsOfPods(p, [podId])]);
  return { sprint, sessions, ...window };
}

/** A member's refund by the pod's sessions so far, their excuse and their practice. */
export async function calculationFor(p: Platform, ctx: PodContext, deposit: DepositItem): Promise<RefundCalculation> {
  const practice = ctx.sprint.refundPolicy.practiceMakeups
    ? await practiceDuring(p, deposit.userId, ctx.activatedAt, ctx.endsAt)
    : 0;
  return refundFor({
    depositCents: deposit.amountCents,
    currency: deposit.currency,
    policy: ctx.sprint.refundPolicy,
    sessionsRequired: ctx.sprint.sessionsRequired,
    sessions: ctx.sessions.map((s) => ({
      id: s.id,
      status: s.status,
      attended: s.status === "completed" ? (s.attendance?.[deposit.userId] ?? "absent") !== "absent" : null,
    })),
    excusedSessionId: deposit.excusedSessionId,
    practiceSessions: practice,
    podNeverStarted: !ctx.activatedAt,
    plannedSessions: ctx.sprint.durationWeeks * ctx.sprint.sessionsPerWeek,
  });
}

export interface SettlementOutcome {
  podId: string;
  lines: number;
  refundedCents: number;
  forfeitCents: number;
  alreadySettled: boolean;
}

/** Settles a pod: every paid deposit's line, then the forfeit pool shared out. Idempotent. */
export async function settlePod(
  p: Platform,
  podId: string,
  pod: { sprintType: string; activatedAt: string | null; endsAt: string | null },
): Promise<SettlementOutcome> {
  const settlement = await p.store.get<SettlementItem>(Settlement.key("one", { podId }), { consistent: true });
  if (settlement?.status === "settled") {
    return { podId, lines: 0, refundedCents: 0, forfeitCents: 0, alreadySettled: true };
  }
  const deposits = (await depositsOfPod(p, podId)).filter((d) => d.status === "paid" || d.status === "settled");
  const ctx = await podContext(p, podId, pod.sprintType, pod);
  const keepers: string[] = [];
  let refunded = 0;
  let forfeited = 0;
  let currency = ctx.sprint.deposit.currency;
  for (const deposit of deposits) {
    currency = deposit.currency;
    const calc = await calculationFor(p, ctx, deposit);
    if (calc.sessionsRequired > 0 && calc.sessionsAttended + calc.practiceMakeups >= calc.sessionsRequired) {
      keepers.push(deposit.userId);
    }
    if (deposit.status === "settled") continue;
    const line = await settleMember(p, deposit, calc);
    refunded += line.refundCents;
    forfeited += line.forfeitCents;
  }
  // The pool holds what every line put in (this run's and any earlier, interrupted run's).
  const pool = await balanceOf(p, forfeitAccount(podId));
  if (pool > 0) await shareForfeits(p, podId, pool, currency, ctx.sprint, keepers.sort());
  await p.store.put<SettlementItem>({
    ...Settlement.key("one", { podId }),
    type: "Settlement",
    podId,
    status: "settled",
    dueAt: settlement?.dueAt ?? p.clock.now().toISOString(),
    settledAt: p.clock.now().toISOString(),
  });
  return { podId, lines: deposits.length, refundedCents: refunded, forfeitCents: forfeited, alreadySettled: false };
}

async function settleMember(p: Platform, deposit: DepositItem, calc: RefundCalculation): Promise<SettlementLineItem> {
  const held = await balanceOf(p, depositAccount(deposit.id));
  const refund = Math.min(calc.eligibleAmount, held);
  const forfeit = held - refund;
  // Back to the card what the card paid (less what was refunded already); the rest of the refund as credit.
  const cardRoom = deposit.paymentIntentId ? Math.max(0, deposit.chargeCents - deposit.refundedCents) : 0;
  const toCard = deposit.refundTo === "card" ? Math.min(refund, cardRoom) : 0;
  const toCredit = refund - toCard;
  const line: SettlementLineItem = {
    ...Settlement.key("line", { podId: deposit.podId, userId: deposit.userId }),
    type: "SettlementLine",
    podId: deposit.podId,
    userId: deposit.userId,
    depositId: deposit.id,
    refundCents: refund,
    forfeitCents: forfeit,
    refundTo: toCard > 0 ? "card" : "credit",
    status: refund === 0 ? "nothing_due" : toCard > 0 ? "refund_pending" : "credited",
    refundId: null,
    percentage: calc.refundPercentage,
  };
  const key = `settle:${deposit.podId}:${deposit.userId}`;
  await post(
    p,
    {
      id: key,
      kind: toCard > 0 ? "refund_card" : "refund_credit",
      currency: deposit.currency,
      lines: [
        { account: depositAccount(deposit.id), amountCents: -held },
        { account: STRIPE_ACCOUNT, amountCents: toCard },
        { account: userAccount(deposit.userId), amountCents: toCredit },
        { account: forfeitAccount(deposit.podId), amountCents: forfeit },
      ],
      memo: `Sprint settled: ${calc.sessionsCompleted} of ${calc.sessionsRequired} sessions, ${calc.refundPercentage}% back`,
      podId: deposit.podId,
      depositId: deposit.id,
      userId: deposit.userId,
      displayCents: refund,
    },
    {
      ops: [
        { put: line, condition: { absent: true } },
        {
          put: { ...deposit, status: "settled", refundedCents: deposit.refundedCents + toCard },
          condition: { version: deposit.version ?? 0 },
        },
      ],
      effects: cardRefunds(deposit, toCard, key, "Sprint settlement"),
    },
  );
  return line;
}

/** The pool goes in equal whole cents to the keepers (the remainder to the platform), or all to the platform. */
async function shareForfeits(
  p: Platform,
  podId: string,
  pool: number,
  currency: string,
  sprint: SprintType,
  keepers: string[],
): Promise<void> {
  const toKeepers = (sprint.refundPolicy.forfeitTo ?? "keepers") === "keepers" && keepers.length > 0;
  const share = toKeepers ? Math.floor(pool / keepers.length) : 0;
  const lines = [
    { account: forfeitAccount(podId), amountCents: -pool },
    ...(toKeepers ? keepers.map((k) => ({ account: userAccount(k), amountCents: share })) : []),
    { account: PLATFORM_ACCOUNT, amountCents: pool - share * (toKeepers ? keepers.length : 0) },
  ];
  await post(p, {
    id: `forfeit-share:${podId}`,
    kind: "forfeit_share",
    currency,
    lines,
    memo: toKeepers ? "Your share of the stakes pod-mates did not earn back" : "Stakes not earned back",
    podId,
  });
}

/** A pod that ended before it started: every paid deposit goes back in full. */
export async function releasePodDeposits(p: Platform, podId: string, memo: string): Promise<number> {
  const paid = (await depositsOfPod(p, podId)).filter((d) => d.status === "paid");
  for (const d of paid) await releaseDeposit(p, d, memo);
  return paid.length;
}
