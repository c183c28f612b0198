// A deposit for a pod membership: credit pays first, the rest through a hosted checkout; the paid webhook accepts
// the member. A place that is gone by the time the payment arrives (lapsed, pod closed) is given back in full.
import type { Actor } from "../access/index.js";
import { getUser } from "../accounts/index.js";
import { countMetricOps } from "../analytics/metrics.js";
import { getSprintType } from "../catalog/index.js";
import {
  breakerFor,
  conflict,
  type Effect,
  isAppError,
  notFound,
  type Platform,
  parseInput,
  type TransactOp,
} from "../platform/index.js";
import { acceptPaidInvitation, depositRequiredFor, podMembership } from "../pods/index.js";
import { balanceOf, depositAccount, isPosted, post, STRIPE_ACCOUNT, userAccount } from "./ledger.js";
import { DepositInput, type DepositView } from "./model.js";
import { Deposit, type DepositItem, depositKey, PaymentLink, type PaymentLinkItem, type RefundTo } from "./records.js";

/** The checkout stays open at most this long (Stripe's own ceiling is 24 hours) and at least 30 minutes. */
const CHECKOUT_MAX_MS = 23 * 3_600_000;
const CHECKOUT_MIN_MS = 31 * 60_000;
/** An open checkout is reused while at least this much of it is left. */
const CHECKOUT_REUSE_MS = 5 * 60_000;

export const depositIdOf = (podId: string, userId: string) => `dep_${podId}_${userId}`;

export function toDepositView(p: Platform, d: DepositItem): DepositView {
  const open = d.status === "checkout" && d.checkoutExpiresAt && new Date(d.checkoutExpiresAt) > p.clock.now();
  return {
    id: d.id,
    podId: d.podId,
    status: d.status === "checkout" && !open ? "expired" : d.status,
    amountCents: d.amountCents,
    currency: d.currency,
    creditAppliedCents: d.creditAppliedCents,
    chargeCents: d.chargeCents,
    refundTo: d.refundTo,
    checkoutUrl: open ? d.checkoutUrl : null,
    checkoutExpiresAt: open ? d.checkoutExpiresAt : null,
    paidAt: d.paidAt,
    provider: p.payments.kind,
  };
}

export const getDeposit = (p: Platform, podId: string, userId: string) =>
  p.store.get<DepositItem>(depositKey(podId, userId), { consistent: true });

/**
 * Starts (or resumes) the deposit for the actor's invitation: credit covers what it can at once; the rest is a
 * checkout whose URL the learner is sent to. Asking again while a checkout is open returns the same one.
 */
export async function startDeposit(p: Platform, actor: Actor, input: unknown): Promise<DepositView> {
  const { podId, refundTo } = parseInput(DepositInput, input, "deposit");
  const userId = actor.userId;
  const membership = await podMembership(p, podId, userId);
  const member = membership?.member;
  if (!membership || !member || !["invited", "accepted"].includes(member.status)) {
    throw notFound("pod.not_found", "No such pod.");
  }
  const existing = await getDeposit(p, podId, userId);
  if (existing && ["paid", "settled"].includes(existing.status)) return toDepositView(p, existing);
  const { pod } = membership;
  if (pod.status !== "forming" && pod.status !== "active") {
    throw conflict("pod.closed", `The pod is ${pod.status}.`, { status: pod.status });
  }
  if (!(await depositRequiredFor(p, pod.sprintType))) {
    throw conflict("payment.no_deposit", "This pod takes no deposit: accept it directly.");
  }
  const now = p.clock.now();
  if (member.status === "invited" && member.invitedUntil && new Date(member.invitedUntil) <= now) {
    throw conflict("pod.invitation_expired", "This invitation has lapsed; join the waitlist again for a new pod.");
  }
  if (
    existing?.status === "checkout" &&
    existing.checkoutExpiresAt &&
    new Date(existing.checkoutExpiresAt).getTime() - now.getTime() > CHECKOUT_REUSE_MS &&
    (!refundTo || refundTo === existing.refundTo)
  ) {
    return toDepositView(p, existing);
  }

  const sprint = await getSprintType(p, pod.sprintType);
  const { amountCents, currency } = sprint.deposit;
  const depositId = depositIdOf(podId, userId);
  // Credit still held from an earlier checkout of this deposit counts; more is taken from the balance as needed.
  const held = await balanceOf(p, depositAccount(depositId));
  const credit = await balanceOf(p, userAccount(userId));
  const fromCredit = Math.min(credit, Math.max(0, amountCents - held));
  const creditApplied = held + fromCredit;
  const charge = amountCents - creditApplied;
  const attempts = (existing?.attempts ?? 0) + 1;
  const chosen: RefundTo = refundTo ?? existing?.refundTo ?? "card";
  const base: DepositItem = {
    ...depositKey(podId, userId),
    ...(existing?.version !== undefined ? { version: existing.version } : {}),
    type: "Deposit",
    id: depositId,
    podId,
    userId,
    sprintType: pod.sprintType,
    amountCents,
    currency,
    creditAppliedCents: creditApplied,
    chargeCents: charge,
    status: "checkout",
    // Nothing was charged to a card when credit paid it all: its refund can only be credit.
    refundTo: charge === 0 ? "credit" : chosen,
    attempts,
    checkoutId: null,
    checkoutUrl: null,
    checkoutExpiresAt: null,
    paymentIntentId: null,
    createdAt: existing?.createdAt ?? now.toISOString(),
    paidAt: null,
    excusedSessionId: existing?.excusedSessionId ?? null,
    refundedCents: 0,
    lastError: null,
    gsi1pk: `DEPOSITSOF#${userId}`,
    gsi1sk: existing?.createdAt ?? now.toISOString(),
  };
  const creditPosting = {
    id: `credit-applied:${depositId}:${attempts}`,
    kind: "credit_applied" as const,
    currency,
    lines: [
      { account: userAccount(userId), amountCents: -fromCredit },
      { account: depositAccount(depositId), amountCents: fromCredit },
    ],
    memo: `Credit towards the ${sprint.name} deposit`,
    podId,
    depositId,
    userId,
  };
  const writeDeposit = (item: DepositItem): TransactOp => ({
    put: item,
    condition: existing ? { version: existing.version ?? 0 } : { absent: true },
  });

  if (charge === 0) {
    const paid: DepositItem = { ...base, status: "paid", paidAt: now.toISOString() };
    await post(p, creditPosting, { ops: [writeDeposit(paid)] });
    return toDepositView(p, await confirmPlace(p, paid));
  }

  const deadline = member.invitedUntil ? new Date(member.invitedUntil).getTime() : now.getTime() + CHECKOUT_MAX_MS;
  const expiresAt = new Date(
    Math.max(now.getTime() + CHECKOUT_MIN_MS, Math.min(deadline, now.getTime() + CHECKOUT_MAX_MS)),
  );
  const user = await getUser(p, userId);
  const back = `${p.config.webUrl}/pods/${podId}`;
  const checkout = await breakerFor(p, "payment").run(() =>
    p.payments.createCheckout({
      amountCents: charge,
      currency,
      description: `${sprint.name}: refundable deposit`,
      ...(user?.email ? { customerEmail: user.email } : {}),
      successUrl: `${back}?deposit=paid`,
      cancelUrl: `${back}?deposit=cancelled`,
      metadata: { depositId, podId, userId, sprintType: pod.sprintType, attempt: String(attempts) },
      expiresAt,
      idempotencyKey: `deposit:${depositId}:${attempts}`,
    }),
  );
  const open: DepositItem = {
    ...base,
    checkoutId: checkout.id,
    checkoutUrl: checkout.url,
    checkoutExpiresAt: expiresAt.toISOString(),
  };
  // Business metrics: a checkout started (payment success is deposits paid over checkouts started).
  const started = countMetricOps("checkoutsStarted", 1, now);
  if (fromCredit > 0) await post(p, creditPosting, { ops: [writeDeposit(open), ...started] });
  else await p.store.transact([writeDeposit(open), ...started]);
  return toDepositView(p, open);
}

/** The member takes their place now that the deposit is paid; a place that is gone gives the deposit back. */
async function confirmPlace(p: Platform, deposit: DepositItem): Promise<DepositItem> {
  try {
    await acceptPaidInvitation(p, deposit.podId, deposit.userId);
    return deposit;
  } catch (e) {
    if (!isAppError(e) || (e.status !== 409 && e.status !== 404)) throw e;
    p.log.warn("deposit paid for a place that is gone; releasing it", { depositId: deposit.id, code: e.code });
    return releaseDeposit(p, deposit, "Your place in the pod was no longer open, so your deposit goes back in full.");
  }
}

/** A checkout (or its asynchronous payment) completed and paid: the charge is recorded once, then the place taken. */
export async function depositPaid(
  p: Platform,
  event: { checkoutId: string; paymentIntentId: string | null; amountCents: number; metadata: Record<string, string> },
): Promise<void> {
  const { podId, userId } = event.metadata;
  if (!podId || !userId) {
    p.log.warn("checkout without deposit metadata", { checkoutId: event.checkoutId });
    return;
  }
  const deposit = await getDeposit(p, podId, userId);
  if (!deposit) {
    p.log.error("paid checkout for an unknown deposit", { checkoutId: event.checkoutId, podId, userId });
    return;
  }
  const posting = {
    id: `deposit-paid:${event.checkoutId}`,
    kind: "deposit_paid" as const,
    currency: deposit.currency,
    lines: [
      { account: STRIPE_ACCOUNT, amountCents: -event.amountCents },
      { account: depositAccount(deposit.id), amountCents: event.amountCents },
    ],
    memo: "Refundable deposit",
    podId,
    depositId: deposit.id,
    userId,
    displayCents: event.amountCents,
  };
  // A second checkout paid after the first one (two tabs): that payment is recorded, then goes straight back.
  const current = deposit.checkoutId === event.checkoutId;
  if (current && deposit.status === "paid" && (await isPosted(p, posting.id))) {
    // The same event again (or a retry after a failure mid-way): make sure the place was taken.
    await confirmPlace(p, deposit);
    return;
  }
  if (!current || deposit.status !== "checkout") {
    await post(
      p,
      { ...posting, memo: "A second payment for the same deposit" },
      { ops: linkOps(event.paymentIntentId, deposit) },
    );
    await post(
      p,
      {
        id: `duplicate-refund:${event.checkoutId}`,
        kind: "refund_card",
        currency: deposit.currency,
        lines: [
          { account: depositAccount(deposit.id), amountCents: -event.amountCents },
          { account: STRIPE_ACCOUNT, amountCents: event.amountCents },
        ],
        memo: "The second payment goes back to the card",
        podId,
        depositId: deposit.id,
        userId,
        displayCents: event.amountCents,
      },
      {
        effects: [
          refundEffect({
            depositId: deposit.id,
            podId,
            userId,
            paymentIntentId: event.paymentIntentId,
            amountCents: event.amountCents,
            key: `duplicate:${event.checkoutId}`,
            reason: "A second payment for the same deposit",
          }),
        ],
      },
    );
    return;
  }
  const paid: DepositItem = {
    ...deposit,
    status: "paid",
    paidAt: p.clock.now().toISOString(),
    paymentIntentId: event.paymentIntentId,
    chargeCents: event.amountCents,
  };
  const outcome = await post(p, posting, {
    ops: [
      { put: paid, condition: { version: deposit.version ?? 0, equals: { status: "checkout" } } },
      ...linkOps(event.paymentIntentId, deposit),
      // Business metrics: a checkout paid.
      ...countMetricOps("depositsPaid", 1, p.clock.now()),
    ],
  });
  if (outcome === "already_posted") return;
  await confirmPlace(p, { ...paid, version: (deposit.version ?? 0) + 1 });
}

/** Remembers which deposit a payment paid: refund and dispute events name only the payment. */
const linkOps = (paymentIntentId: string | null, deposit: DepositItem): TransactOp[] =>
  paymentIntentId
    ? [
        {
          put: {
            ...PaymentLink.key("one", { paymentIntentId }),
            type: "PaymentLink",
            paymentIntentId,
            podId: deposit.podId,
            userId: deposit.userId,
            depositId: deposit.id,
          } satisfies PaymentLinkItem,
        },
      ]
    : [];

/** The deposit a Stripe payment paid, if it paid one. */
export async function depositOfPayment(p: Platform, paymentIntentId: string): Promise<DepositItem | undefined> {
  const link = await p.store.get<PaymentLinkItem>(PaymentLink.key("one", { paymentIntentId }), { consistent: true });
  return link ? getDeposit(p, link.podId, link.userId) : undefined;
}

/** A checkout lapsed or was abandoned: credit held for it goes back, unless a newer checkout took over. */
export async function checkoutExpired(p: Platform, checkoutId: string, metadata: Record<string, string>) {
  const { podId, userId } = metadata;
  if (!podId || !userId) return;
  const deposit = await getDeposit(p, podId, userId);
  if (!deposit || deposit.status !== "checkout" || deposit.checkoutId !== checkoutId) return;
  const held = await balanceOf(p, depositAccount(deposit.id));
  await post(
    p,
    {
      id: `credit-returned:${checkoutId}`,
      kind: "credit_returned",
      currency: deposit.currency,
      lines: [
        { account: depositAccount(deposit.id), amountCents: -held },
        { account: userAccount(userId), amountCents: held },
      ],
      memo: "The checkout lapsed: credit held for it is back",
      podId,
      depositId: deposit.id,
      userId,
    },
    {
      ops: [
        {
          put: { ...deposit, status: "expired", creditAppliedCents: 0 },
          condition: { version: deposit.version ?? 0 },
        },
      ],
    },
  );
}

export interface RefundJob {
  depositId: string;
  podId: string;
  userId: string;
  paymentIntentId: string | null;
  amountCents: number;
  /** The idempotency key of this refund at Stripe: one refund per key. */
  key: string;
  reason: string;
}

/** The card refund of `amountCents` of a deposit's payment, as the effects of the posting that decides it (none for 0). */
export const cardRefunds = (deposit: DepositItem, amountCents: number, key: string, reason: string): Effect[] =>
  amountCents > 0
    ? [
        refundEffect({
          depositId: deposit.id,
          podId: deposit.podId,
          userId: deposit.userId,
          paymentIntentId: deposit.paymentIntentId,
          amountCents,
          key,
          reason,
        }),
      ]
    : [];

/** A card refund, performed after the posting that decided it committed, retried by the outbox until it succeeds. */
export const refundEffect = (job: RefundJob): Effect => ({
  kind: "job",
  job: "payments.refund",
  payload: job as unknown as Record<string, unknown>,
});

/**
 * Gives a deposit back in full without the sprint running: what was charged goes back to the card (or to credit,
 * as the member chose), credit applied goes back to credit. Once per deposit.
 */
export async function releaseDeposit(p: Platform, deposit: DepositItem, memo: string): Promise<DepositItem> {
  const held = await balanceOf(p, depositAccount(deposit.id));
  const toCard =
    deposit.refundTo === "card" && deposit.paymentIntentId
      ? Math.min(held, deposit.chargeCents - deposit.refundedCents)
      : 0;
  const toCredit = held - toCard;
  const released: DepositItem = { ...deposit, status: "released", refundedCents: deposit.refundedCents + toCard };
  await post(
    p,
    {
      id: `release:${deposit.id}`,
      kind: "deposit_released",
      currency: deposit.currency,
      lines: [
        { account: depositAccount(deposit.id), amountCents: -held },
        { account: STRIPE_ACCOUNT, amountCents: toCard },
        { account: userAccount(deposit.userId), amountCents: toCredit },
      ],
      memo,
      podId: deposit.podId,
      depositId: deposit.id,
      userId: deposit.userId,
      displayCents: held,
    },
    {
      ops: [{ put: released, condition: { version: deposit.version ?? 0 } }],
      effects: cardRefunds(deposit, toCard, `release:${deposit.id}`, memo),
    },
  );
  return released;
}

/** Every deposit of a pod, for settlement and the pod's end. */
export const depositsOfPod = (p: Platform, podId: string) =>
  p.store.queryAll<DepositItem>({ ...Deposit.query("ofPod", { podId }), consistent: true });
