// What a member gets back of their deposit, by the sprint's refund policy and the sessions they kept. Pure: the
// pod page shows it live, and settlement pays it out at the sprint's end.
import type { RefundPolicy } from "../catalog/index.js";
import type { RefundCalculation } from "./model.js";

export interface RefundInput {
  depositCents: number;
  currency: string;
  policy: RefundPolicy;
  /** The sprint's own requirement (catalog), before cancellations and excuses. */
  sessionsRequired: number;
  /** The pod's sessions so far and to come: how each went for this member. */
  sessions: readonly {
    id: string;
    status: "scheduled" | "active" | "completed" | "cancelled";
    /** This member's attendance of it, once it has ended. */
    attended: boolean | null;
  }[];
  /** A session the member excused beforehand. */
  excusedSessionId: string | null;
  /** Tutor practice sessions the member completed during the sprint. */
  practiceSessions: number;
  /** The pod never started: everything goes back. */
  podNeverStarted?: boolean;
  /** Sessions the sprint plans (weeks × sessions a week): what a pod owes before its sessions are scheduled. */
  plannedSessions?: number;
}

export const DEFAULT_EXCUSED_ABSENCES = 1;

/**
 * The refund due. Sessions the pod cancelled and an excused absence (declared in time) lower what is required,
 * never below what the sprint could still hold; completed practice makes up missed sessions when the policy says
 * so. Proportional: deposit × kept / required, capped at 100%, nothing below the minimum; all-or-nothing: the whole
 * deposit at the requirement. The fee is taken from the refund. Amounts round down to the cent.
 */
export function refundFor(input: RefundInput): RefundCalculation {
  const { policy, depositCents } = input;
  const held = input.sessions.filter((s) => s.status !== "cancelled");
  const cancelled = input.sessions.length - held.length;
  const allowedExcuses = policy.excusedAbsences ?? DEFAULT_EXCUSED_ABSENCES;
  const excused =
    allowedExcuses > 0 &&
    input.excusedSessionId !== null &&
    held.some((s) => s.id === input.excusedSessionId && s.attended !== true)
      ? 1
      : 0;
  const attended = held.filter((s) => s.attended === true).length;
  const missed = held.filter((s) => s.attended === false && s.id !== input.excusedSessionId).length;
  const makeups = Math.min(policy.practiceMakeups ?? 0, input.practiceSessions, missed);
  // Sessions the sprint plans count before they are scheduled: a pod that just started owes them all.
  const planned = Math.max(held.length, (input.plannedSessions ?? 0) - cancelled);
  const possible = Math.max(0, planned - excused);
  const required = Math.max(0, Math.min(input.sessionsRequired, possible));
  const completed = attended + makeups;

  let numerator: number;
  let denominator: number;
  if (input.podNeverStarted || required === 0) {
    numerator = 1;
    denominator = 1;
  } else if (policy.kind === "all_or_nothing") {
    numerator = completed >= required ? 1 : 0;
    denominator = 1;
  } else if (completed < policy.minimumSessions) {
    numerator = 0;
    denominator = 1;
  } else {
    numerator = Math.min(completed, required);
    denominator = required;
  }
  const feePercent = input.podNeverStarted ? 0 : policy.feePercent;
  // Integer arithmetic on cents: floor(deposit × kept/required × (100 − fee)/100), the fee in hundredths of a percent.
  const feeBasis = Math.round((100 - feePercent) * 100);
  const eligible = Math.floor((depositCents * numerator * feeBasis) / (denominator * 10_000));
  return {
    eligibleAmount: eligible,
    currency: input.currency,
    depositAmount: depositCents,
    sessionsCompleted: completed,
    sessionsRequired: required,
    refundPercentage: depositCents === 0 ? 0 : Math.round((eligible / depositCents) * 10_000) / 100,
    sessionsAttended: attended,
    sessionsCancelled: cancelled,
    excusedAbsences: excused,
    practiceMakeups: makeups,
    // Still to come: the scheduled ones, and those the sprint plans that are not scheduled yet.
    sessionsRemaining:
      held.filter((s) => s.status === "scheduled" || s.status === "active").length + (planned - held.length),
  };
}
