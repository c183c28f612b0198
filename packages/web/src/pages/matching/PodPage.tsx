// One pod: who is in it, when it meets in each member's timezone, why it fits, and my answer — accept (paying the
// deposit where the sprint takes one), decline, or leave for a rematch with a reason — and my deposit's refund so far.
import { type FormEvent, useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useParams } from "react-router";
import { loadSprintTypes } from "../../api/catalog";
import { api, type Schemas, unwrap } from "../../api/client";
import { CalendarFeedAddress, useCalendarFeed } from "../../components/CalendarFeed";
import { ReportButton } from "../../components/ReportButton";
import { ScoreBreakdown } from "../../components/ScoreBreakdown";
import {
  Button,
  Card,
  ChoiceGroup,
  ErrorNotice,
  Loading,
  Notice,
  PageTitle,
  SelectField,
  Spinner,
  TextArea,
} from "../../components/ui";
import { formatMoney, formatWhen, percent } from "../../lib/format";
import { nightMeetings } from "../../lib/night";
import { COLLABORATION_STYLES, EXPERIENCE_LEVELS, labelOf } from "../../lib/options";
import { upcomingFirst } from "../../lib/sessions";
import { useAction, useResource } from "../../lib/use-resource";
import { PodStatus } from "../HomePage";
import { DEPOSIT_STATUS, REFUND_TO } from "../payments/LedgerPage";
import { SessionStatus } from "../sessions/labels";
import { MEMBER_STATUS, REMATCH_REASONS } from "./labels";

type Pod = Schemas["Pod"];
type PodRefund = Schemas["PodRefund"];
type RefundTo = Schemas["Deposit"]["refundTo"];

/** How long, after the checkout sent the learner back paid, the page waits for the payment to accept them. */
const CONFIRM_POLL_MS = 1_000;
const CONFIRM_WAIT_MS = 30_000;

/** What the return from the checkout page left to say: `?deposit=paid` or `?deposit=cancelled`. */
type Return = "confirming" | "confirmed" | "slow" | "cancelled" | null;

/** The sprint's refund policy in one plain paragraph. */
export function policySentence(policy: PodRefund["policy"], sessionsRequired: number | null): string {
  const sessions = (n: number) => `${n} session${n === 1 ? "" : "s"}`;
  const required = sessionsRequired === null ? "the sprint's sessions" : `the ${sessions(sessionsRequired)} required`;
  const parts = [
    policy.kind === "proportional"
      ? `Your refund is your deposit times the share of ${required} you keep, once you have kept at least ${sessions(policy.minimumSessions)}.`
      : `You get your deposit back if you keep all of ${required}; otherwise nothing is refunded.`,
  ];
  if (policy.feePercent > 0) parts.push(`A ${policy.feePercent}% fee is kept from any refund.`);
  if (policy.excusedAbsences > 0)
    parts.push(
      `You may excuse ${policy.excusedAbsences === 1 ? "one absence" : `${policy.excusedAbsences} absences`} if you say so before the session starts.`,
    );
  if (policy.practiceMakeups > 0)
    parts.push(
      `Practice with the tutor can make up for ${policy.practiceMakeups === 1 ? "one missed session" : `${policy.practiceMakeups} missed sessions`}.`,
    );
  parts.push(
    policy.forfeitTo === "keepers"
      ? "Deposits not refunded are shared as credit among pod-mates who keep every session."
      : "Deposits not refunded go to Pactly.",
  );
  return parts.join(" ");
}

/** The slot's first session in its reference week, as a weekday and times in `timeZone`. */
export function slotIn(slot: Pod["slot"], timeZone: string): string {
  const start = new Date(Date.parse(`${slot.referenceWeek}T00:00:00Z`) + slot.utcMinuteOfWeek * 60_000);
  const end = new Date(start.getTime() + slot.durationMinutes * 60_000);
  const day = new Intl.DateTimeFormat("en-GB", { weekday: "long", timeZone }).format(start);
  const time = (d: Date) =>
    new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit", hourCycle: "h23", timeZone }).format(d);
  return `${day}s ${time(start)}–${time(end)}`;
}

/**
 * What a forming pod is waiting for, in words that are true: it starts when every member has answered (and enough
 * said yes), or at the answer deadline with those who said yes by then, if they are enough.
 */
export function waitingFor(pod: Pod): string {
  const accepted = pod.members.filter((m) => m.status === "accepted").length;
  const invited = pod.members.filter((m) => m.status === "invited");
  const deadline = invited
    .map((m) => m.invitedUntil)
    .filter((d): d is string => Boolean(d))
    .sort()
    .at(-1);
  const said = `You accepted: ${accepted} of ${pod.members.length} have said yes.`;
  if (invited.length === 0) return `${said} The pod starts as soon as ${pod.podSize.min} have.`;
  const others = invited.length === 1 ? "1 member" : `${invited.length} members`;
  const by = deadline ? ` by ${formatWhen(deadline, pod.timezone)} your time` : "";
  return `${said} The pod starts when ${others} still to answer ${invited.length === 1 ? "has" : "have"} answered, or at the deadline${by} if at least ${pod.podSize.min} have said yes by then.`;
}

export function PodPage() {
  const { podId = "" } = useParams();
  const pod = useResource(async () => {
    const [view, sprintTypes] = await Promise.all([
      unwrap(api.GET("/v1/pods/{id}", { params: { path: { id: podId } } })),
      loadSprintTypes(),
    ]);
    return { view, sprintName: sprintTypes.find((s) => s.id === view.sprintType)?.name ?? view.sprintType };
  }, [podId]);

  const returned = useDepositReturn(pod.data?.view.myStatus ?? null, pod.reload);

  const title = pod.data ? `${pod.data.sprintName} pod` : "Pod";
  return (
    <div className="space-y-6">
      <PageTitle subtitle={pod.data ? <PodStatus status={pod.data.view.status} /> : undefined}>{title}</PageTitle>
      {returned === "confirming" && (
        <Notice tone="info">
          <span className="inline-flex items-center gap-2">
            <Spinner /> Payment received — confirming your place…
          </span>
        </Notice>
      )}
      {returned === "confirmed" && (
        <Notice tone="success">Payment received — your place in the pod is confirmed.</Notice>
      )}
      {returned === "slow" && (
        <Notice tone="warning">
          Your payment was received, but confirming your place is taking longer than usual. Reload this page in a
          minute; you will not be charged twice.
        </Notice>
      )}
      {returned === "cancelled" && (
        <Notice tone="info">Payment cancelled: you were not charged. Your invitation is still open.</Notice>
      )}
      {pod.loading && !pod.data && <Loading label="Loading the pod…" />}
      <ErrorNotice error={pod.error} title="This pod could not be loaded" />
      {pod.data && <PodView pod={pod.data.view} onChanged={pod.reload} confirming={returned === "confirming"} />}
    </div>
  );
}

/**
 * The way back from the checkout page. After `?deposit=paid` the payment's confirmation accepts me a moment later,
 * so the pod is read again every second (for up to 30 s) until it does. The query parameter is then taken out of
 * the address, so a reload or Back does not show the notice again.
 */
function useDepositReturn(myStatus: Pod["myStatus"], reload: () => Promise<void>): Return {
  const location = useLocation();
  const navigate = useNavigate();
  const [state, setState] = useState<Return>(() => {
    const deposit = new URLSearchParams(location.search).get("deposit");
    return deposit === "paid" ? "confirming" : deposit === "cancelled" ? "cancelled" : null;
  });
  const cleared = useRef(false);
  const clearParam = () => {
    if (cleared.current) return;
    cleared.current = true;
    const params = new URLSearchParams(location.search);
    if (!params.has("deposit")) return;
    params.delete("deposit");
    const search = params.toString();
    // A replace (history.replaceState): the address without the parameter takes this entry's place.
    navigate(
      { pathname: location.pathname, search: search ? `?${search}` : "", hash: location.hash },
      { replace: true },
    );
  };

  // Once, for the address the page was opened with.
  useEffect(() => {
    if (state === "cancelled") clearParam();
  }, []);

  useEffect(() => {
    if (state !== "confirming") return;
    if (myStatus === "accepted") {
      setState("confirmed");
      return;
    }
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > CONFIRM_WAIT_MS) {
        clearInterval(timer);
        setState("slow");
        return;
      }
      void reload();
    }, CONFIRM_POLL_MS);
    return () => clearInterval(timer);
  }, [state, myStatus, reload]);

  // The parameter goes once the wait is over.
  useEffect(() => {
    if (state === "confirmed" || state === "slow") clearParam();
  }, [state]);

  return state;
}

function PodView({ pod, onChanged, confirming }: { pod: Pod; onChanged: () => Promise<void>; confirming: boolean }) {
  const seated = pod.members.filter((m) => m.status === "invited" || m.status === "accepted");
  const names = new Map(pod.members.map((m) => [m.userId, m.isYou ? "You" : m.displayName]));
  return (
    <div className="grid gap-4 lg:grid-cols-[3fr_2fr]">
      <div className="space-y-4">
        <AnswerCard pod={pod} onChanged={onChanged} confirming={confirming} />
        {pod.myStatus === "accepted" && <DepositCard pod={pod} />}
        <Card aria-labelledby="when-heading">
          <h2 id="when-heading" className="mb-1 text-lg font-bold">
            When you meet
          </h2>
          {pod.meetingTimes.length > 1 ? (
            <ul className="text-xl font-semibold text-indigo-900">
              {pod.meetingTimes.map((t) => (
                <li key={t}>{t}</li>
              ))}
            </ul>
          ) : (
            <p className="text-xl font-semibold text-indigo-900">{pod.meetingTime}</p>
          )}
          <p className="mb-3 text-sm text-slate-700">
            your time ({pod.timezone}), every week
            {pod.endsAt && pod.status === "active" && `, until ${formatWhen(pod.endsAt, pod.timezone)}`}
          </p>
          <NightNotice pod={pod} />
          {pod.explanation && (
            <div className="space-y-2">
              <h3 className="font-semibold">Why this pod</h3>
              <p>{pod.explanation.headline}</p>
              <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
                {pod.explanation.reasons.map((r) => (
                  <li key={r}>{r}</li>
                ))}
              </ul>
            </div>
          )}
        </Card>
        {(pod.status === "active" || pod.status === "completed") && <SessionsCard podId={pod.id} status={pod.status} />}
        <Card aria-labelledby="members-heading">
          <h2 id="members-heading" className="mb-3 text-lg font-bold">
            Members ({seated.length})
          </h2>
          <ul className="divide-y divide-slate-200">
            {pod.members.map((m) => (
              <li key={m.userId} className="flex flex-wrap items-start justify-between gap-2 py-3">
                <div>
                  <p className="font-semibold">
                    {m.displayName}
                    {m.isYou && <span className="ml-1 text-sm font-normal text-slate-600">(you)</span>}
                  </p>
                  <p className="text-sm text-slate-700">
                    {labelOf(EXPERIENCE_LEVELS, m.experienceLevel)} ·{" "}
                    {labelOf(COLLABORATION_STYLES, m.collaborationStyle)}
                  </p>
                  <p className="text-sm text-slate-700">
                    {pod.slots.map((slot) => slotIn(slot, m.timezone)).join(", ")}{" "}
                    <span className="text-slate-600">in {m.timezone}</span>
                  </p>
                  {!m.isYou && (
                    <ReportButton target={{ kind: "user", userId: m.userId, podId: pod.id }} what={m.displayName} />
                  )}
                </div>
                <span className="rounded-full bg-slate-100 px-2.5 py-0.5 text-xs font-semibold text-slate-800">
                  {MEMBER_STATUS[m.status]}
                </span>
              </li>
            ))}
          </ul>
        </Card>
      </div>
      <div className="space-y-4">
        {pod.score && (
          <Card aria-labelledby="score-heading">
            <h2 id="score-heading" className="sr-only">
              Compatibility of the pod
            </h2>
            <ScoreBreakdown score={pod.score} title="Pod compatibility" />
          </Card>
        )}
        {pod.pairwise.length > 0 && (
          <Card>
            <details>
              <summary className="cursor-pointer font-semibold">Scores between members</summary>
              <table className="mt-3 w-full text-left text-sm">
                <thead>
                  <tr className="text-slate-600">
                    <th scope="col" className="py-1 font-medium">
                      Pair
                    </th>
                    <th scope="col" className="py-1 text-right font-medium">
                      Overall
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {pod.pairwise.map((p) => (
                    <tr key={`${p.a}-${p.b}`} className="border-t border-slate-200">
                      <td className="py-1">
                        {names.get(p.a) ?? "A former member"} & {names.get(p.b) ?? "a former member"}
                      </td>
                      <td className="py-1 text-right tabular-nums">{percent(p.score.overall)}</td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </details>
          </Card>
        )}
      </div>
    </div>
  );
}

/** How long a newly active pod's page waits for its sessions, which are scheduled a moment after it starts. */
const SESSIONS_POLL_MS = 2_000;
const SESSIONS_WAIT_MS = 30_000;

/** The pod's sessions (none before it starts), read again for a while if an active pod has none yet. */
function usePodSessions(podId: string, status: Pod["status"]) {
  const active = status === "active";
  const started = active || status === "completed";
  const sessions = useResource(
    async () =>
      started ? (await unwrap(api.GET("/v1/pods/{id}/sessions", { params: { path: { id: podId } } }))).items : [],
    [podId, started],
  );
  const waiting = active && sessions.data !== undefined && sessions.data.length === 0;
  const { reload } = sessions;
  useEffect(() => {
    if (!waiting) return;
    const started = Date.now();
    const timer = setInterval(() => {
      if (Date.now() - started > SESSIONS_WAIT_MS) clearInterval(timer);
      else void reload();
    }, SESSIONS_POLL_MS);
    return () => clearInterval(timer);
  }, [waiting, reload]);
  return { sessions, waiting };
}

function SessionsCard({ podId, status }: { podId: string; status: Pod["status"] }) {
  const { sessions } = usePodSessions(podId, status);
  const items = sessions.data ? upcomingFirst(sessions.data, Date.now()) : [];
  return (
    <Card aria-labelledby="sessions-heading">
      <h2 id="sessions-heading" className="mb-3 text-lg font-bold">
        Sessions
      </h2>
      {sessions.loading && !sessions.data && <Loading label="Loading the sessions…" />}
      <ErrorNotice error={sessions.error} title="The sessions could not be loaded" />
      {sessions.data && items.length === 0 && <p className="text-slate-700">No sessions scheduled yet.</p>}
      <ul className="divide-y divide-slate-200">
        {items.map((s) => (
          <li key={s.id} className="flex flex-wrap items-center justify-between gap-2 py-2">
            <div>
              <Link to={`/sessions/${s.id}`} className="font-semibold text-indigo-800 underline">
                Session {s.number}: {s.local.text}
              </Link>
              <p className="text-sm text-slate-600">{s.local.timezone}</p>
            </div>
            <SessionStatus status={s.status} />
          </li>
        ))}
      </ul>
      <CalendarFeed />
    </Card>
  );
}

/** The private feed: its URL is shown once, as it is the secret; asking again replaces it. */
function CalendarFeed() {
  const calendar = useCalendarFeed();
  return (
    <div className="mt-4 space-y-2 border-t border-slate-200 pt-4">
      <h3 className="font-semibold">Your calendar</h3>
      <p className="text-sm text-slate-700">
        A private address your calendar app follows, with every session of every pod you are in.
        {calendar.feed ? "" : " Making a new one stops the old one working."}
      </p>
      <CalendarFeedAddress calendar={calendar} buttonLabel="Subscribe to my calendar" />
    </div>
  );
}

/** Says so when the weekly time is at night (before 06:00 or past 23:00) for a member, on their own clock. */
function NightNotice({ pod }: { pod: Pod }) {
  const night = nightMeetings(
    pod.slots,
    pod.members.filter((m) => m.status === "invited" || m.status === "accepted"),
  );
  if (night.length === 0) return null;
  return (
    <Notice tone="warning">
      <span className="font-semibold">
        At night for {night.length === 1 ? "one member" : `${night.length} members`}:
      </span>{" "}
      {night.map((n) => `${n.isYou ? "you" : n.displayName}, ${n.local} (${n.timezone})`).join("; ")}.
    </Notice>
  );
}

function AnswerCard({ pod, onChanged, confirming }: { pod: Pod; onChanged: () => Promise<void>; confirming: boolean }) {
  const navigate = useNavigate();
  const me = pod.members.find((m) => m.isYou);
  const [confirmDecline, setConfirmDecline] = useState(false);
  const [rematchOpen, setRematchOpen] = useState(false);
  const [reason, setReason] = useState<Schemas["RematchInput"]["reason"]>("schedule_changed");
  const [note, setNote] = useState("");
  const id = { params: { path: { id: pod.id } } };
  const accept = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/accept", id));
    await onChanged();
  });
  const decline = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/decline", id));
    navigate("/matches", { replace: true, state: { answered: "declined" } });
  });
  const rematch = useAction(async () => {
    await unwrap(api.POST("/v1/pods/{id}/rematch", { ...id, body: { reason, ...(note.trim() ? { note } : {}) } }));
    navigate("/matches", { replace: true, state: { answered: "rematched" } });
  });
  const submitRematch = (e: FormEvent) => {
    e.preventDefault();
    void rematch.run();
  };

  // Whether accepting asks for a deposit, and what of it my credit pays.
  const invited = pod.myStatus === "invited";
  const refund = useResource(
    async () => (invited ? await unwrap(api.GET("/v1/pods/{id}/refund", id)) : null),
    [pod.id, invited],
  );
  const [refundTo, setRefundTo] = useState<RefundTo>("card");
  // A time at night on my clock is accepted only once I say I can make it.
  const myNight = me ? nightMeetings(pod.slots, [me])[0] : undefined;
  const [nightOk, setNightOk] = useState(false);
  const blocked = Boolean(myNight) && !nightOk;
  // Set while the browser goes to the checkout page, so the button stays disabled until it has.
  const [leaving, setLeaving] = useState(false);
  const paying = useRef(false);
  const offer = refund.data?.depositRequired ? refund.data : null;
  const fromCredit = offer ? Math.min(Math.max(offer.creditCents, 0), offer.depositAmount.amountCents) : 0;
  const toCharge = offer ? offer.depositAmount.amountCents - fromCredit : 0;
  const pay = useAction(async () => {
    const deposit = await unwrap(
      api.POST("/v1/deposits", { body: { podId: pod.id, ...(toCharge > 0 ? { refundTo } : {}) } }),
    );
    if (deposit.status === "checkout" && deposit.checkoutUrl) {
      setLeaving(true);
      window.location.assign(deposit.checkoutUrl);
      return;
    }
    // Credit paid it all: the place is taken already.
    await onChanged();
  });
  const payDeposit = () => {
    // Once, however fast the button is pressed: a second press before the first answer changes nothing.
    if (paying.current) return;
    paying.current = true;
    void pay.run().finally(() => {
      paying.current = false;
    });
  };
  useEffect(() => {
    // Back from the checkout page, restored from the back-forward cache: the button works again.
    const shown = (e: PageTransitionEvent) => {
      if (e.persisted) setLeaving(false);
    };
    window.addEventListener("pageshow", shown);
    return () => window.removeEventListener("pageshow", shown);
  }, []);

  if (!me || pod.status === "completed" || pod.status === "disbanded") return null;

  if (pod.myStatus === "invited") {
    return (
      <Card aria-labelledby="answer-heading" className="space-y-3 ring-2 ring-indigo-300">
        <h2 id="answer-heading" className="text-lg font-bold">
          You are invited
        </h2>
        <p className="text-slate-700">
          Say yes to meet {pod.meetingTime} your time with this pod.
          {me.invitedUntil &&
            ` Please answer by ${formatWhen(me.invitedUntil, pod.timezone)} your time; after that your place goes to someone else.`}
        </p>
        <ErrorNotice error={accept.error ?? decline.error ?? pay.error} />
        <ErrorNotice error={refund.error} title="The deposit could not be loaded" />
        {confirming ? null : refund.loading && !refund.data ? (
          <Loading label="Loading the deposit…" />
        ) : !confirmDecline ? (
          <>
            {offer && (
              <div className="space-y-3 rounded-lg bg-slate-50 p-3">
                <p>
                  This sprint asks for a refundable deposit of{" "}
                  <strong className="tabular-nums">
                    {formatMoney(offer.depositAmount.amountCents, offer.depositAmount.currency)}
                  </strong>
                  . You get it back as you keep your sessions.
                </p>
                {fromCredit > 0 && (
                  <p>
                    {toCharge === 0
                      ? `Your credit of ${formatMoney(offer.creditCents, offer.depositAmount.currency)} pays all of it: nothing is charged to your card.`
                      : `Your credit pays ${formatMoney(fromCredit, offer.depositAmount.currency)} first; ${formatMoney(toCharge, offer.depositAmount.currency)} is charged to your card.`}
                  </p>
                )}
                {toCharge > 0 && (
                  <ChoiceGroup<RefundTo>
                    legend="Where should your refund go at the end of the sprint?"
                    name="refund-to"
                    value={refundTo}
                    onChange={setRefundTo}
                    options={[
                      { value: "card", label: "Back to my card", description: "Refunded to the card you pay with." },
                      {
                        value: "credit",
                        label: "As Pactly credit",
                        description: "Kept as credit, which pays first for your next deposit.",
                      },
                    ]}
                  />
                )}
                <p className="text-sm text-slate-700">{policySentence(offer.policy, null)}</p>
              </div>
            )}
            {myNight && (
              <div className="space-y-2 rounded-lg bg-amber-50 p-3">
                <p>
                  This pod meets at night for you: <strong>{myNight.local}</strong> your time ({myNight.timezone}).
                </p>
                <label className="flex items-start gap-2">
                  <input
                    type="checkbox"
                    className="mt-1 h-4 w-4"
                    checked={nightOk}
                    onChange={(e) => setNightOk(e.target.checked)}
                  />
                  <span>I can meet at that time every week.</span>
                </label>
              </div>
            )}
            <div className="flex flex-col gap-2 sm:flex-row">
              {offer ? (
                <Button pending={pay.pending || leaving} disabled={blocked} onClick={payDeposit}>
                  Pay deposit and accept
                </Button>
              ) : (
                <Button pending={accept.pending} disabled={blocked} onClick={() => void accept.run()}>
                  Accept and join the pod
                </Button>
              )}
              <Button variant="secondary" onClick={() => setConfirmDecline(true)}>
                Decline…
              </Button>
            </div>
          </>
        ) : (
          <div className="space-y-2 rounded-lg bg-slate-50 p-3">
            <p className="font-medium">
              Decline this pod? Your place goes to someone on the waitlist; you can join the waitlist again for a later
              pod.
            </p>
            <div className="flex flex-col gap-2 sm:flex-row">
              <Button variant="danger" pending={decline.pending} onClick={() => void decline.run()}>
                Yes, decline
              </Button>
              <Button variant="secondary" onClick={() => setConfirmDecline(false)}>
                Keep the invitation
              </Button>
            </div>
          </div>
        )}
      </Card>
    );
  }

  if (pod.myStatus !== "accepted") return null;
  return (
    <Card aria-labelledby="answer-heading" className="space-y-3">
      <h2 id="answer-heading" className="sr-only">
        Your place
      </h2>
      {pod.status === "active" ? (
        <Notice tone="success">You are in. The pod is active: sessions follow the weekly time below.</Notice>
      ) : (
        <Notice tone="info">{waitingFor(pod)}</Notice>
      )}
      {!rematchOpen ? (
        <Button variant="ghost" aria-expanded={false} onClick={() => setRematchOpen(true)}>
          Not working out? Ask for a rematch…
        </Button>
      ) : (
        <form onSubmit={submitRematch} className="space-y-3 rounded-lg bg-slate-50 p-3">
          <p className="text-sm text-slate-700">
            You leave this pod and go back to the waitlist with priority: you are placed first at the next formation.
          </p>
          <SelectField
            label="Why do you want a rematch?"
            value={reason}
            onChange={(e) => setReason(e.target.value as typeof reason)}
          >
            {REMATCH_REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextArea
            label="Anything to add? (optional)"
            value={note}
            maxLength={500}
            onChange={(e) => setNote(e.target.value)}
          />
          <ErrorNotice error={rematch.error} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" variant="danger" pending={rematch.pending}>
              Leave the pod and rematch
            </Button>
            <Button variant="secondary" onClick={() => setRematchOpen(false)}>
              Stay in the pod
            </Button>
          </div>
        </form>
      )}
      <p className="text-sm">
        <Link to="/matches" className="text-indigo-800 underline">
          Waitlist and matches
        </Link>
      </p>
    </Card>
  );
}

const SETTLEMENT_STATUS: Record<NonNullable<PodRefund["settlement"]>["status"], string> = {
  refund_pending: "The refund is on its way.",
  refunded: "Refunded.",
  credited: "Added to your credit.",
  refund_failed: "The refund to your card failed; we are looking into it.",
  nothing_due: "Nothing was due back.",
};

/** My deposit on a pod I am in: what it is, the refund so far, an excused absence, and the settlement at the end. */
function DepositCard({ pod }: { pod: Pod }) {
  const id = { params: { path: { id: pod.id } } };
  const { sessions, waiting } = usePodSessions(pod.id, pod.status);
  // Read again once the sessions are there: the estimate counts them.
  const sessionCount = sessions.data?.length ?? 0;
  const refund = useResource(() => unwrap(api.GET("/v1/pods/{id}/refund", id)), [pod.id, pod.status, sessionCount]);
  const [sessionId, setSessionId] = useState("");
  const excuse = useAction(async (chosen: string) => {
    refund.set(await unwrap(api.POST("/v1/pods/{id}/refund/excuse", { ...id, body: { sessionId: chosen } })));
  });

  const r = refund.data;
  if (refund.loading && !r) return null;
  if (r && !r.deposit && !r.depositRequired) return null;

  const deposit = r?.deposit ?? null;
  const calc = r?.calculation ?? null;
  const money = (cents: number) => formatMoney(cents, deposit?.currency ?? r?.depositAmount.currency ?? "USD");
  const now = Date.now();
  const coming = (sessions.data ?? []).filter((s) => s.status === "scheduled" && Date.parse(s.startsAt) > now);
  const chosen = sessionId || coming[0]?.id || "";
  const excused = r?.excusedSessionId ? sessions.data?.find((s) => s.id === r.excusedSessionId) : undefined;
  const canExcuse =
    r !== undefined &&
    r.policy.excusedAbsences >= 1 &&
    !r.excusedSessionId &&
    deposit?.status === "paid" &&
    !r.settlement;

  return (
    <Card aria-labelledby="deposit-heading" className="space-y-4">
      <h2 id="deposit-heading" className="text-lg font-bold">
        Your deposit
      </h2>
      <ErrorNotice error={refund.error} title="Your deposit could not be loaded" />
      {r && deposit && (
        <dl className="grid grid-cols-[auto_1fr] gap-x-4 gap-y-1 text-sm">
          <dt className="text-slate-600">Deposit</dt>
          <dd className="font-semibold tabular-nums">{money(deposit.amountCents)}</dd>
          <dt className="text-slate-600">Status</dt>
          <dd>{DEPOSIT_STATUS[deposit.status]}</dd>
          {deposit.creditAppliedCents > 0 && (
            <>
              <dt className="text-slate-600">Paid from credit</dt>
              <dd className="tabular-nums">{money(deposit.creditAppliedCents)}</dd>
            </>
          )}
          <dt className="text-slate-600">Refund goes</dt>
          <dd>{REFUND_TO[deposit.refundTo]}</dd>
        </dl>
      )}
      {r && !deposit && <p className="text-slate-700">No deposit has been paid for this pod.</p>}
      {calc && waiting && (
        <p className="text-sm text-slate-700">Your refund estimate appears once the pod's sessions are scheduled.</p>
      )}
      {calc && !waiting && !r?.settlement && (
        <div className="space-y-2">
          <h3 className="font-semibold">Your refund so far</h3>
          <p>
            <span className="text-2xl font-bold text-indigo-900 tabular-nums">{money(calc.eligibleAmount)}</span>{" "}
            <span className="text-slate-700">
              ({Math.round(calc.refundPercentage)}% of {money(calc.depositAmount)})
            </span>
          </p>
          <ul className="list-disc space-y-1 pl-5 text-sm text-slate-800">
            <li>
              {calc.sessionsCompleted} of {calc.sessionsRequired} sessions completed
            </li>
            <li>
              {calc.sessionsRemaining} session{calc.sessionsRemaining === 1 ? "" : "s"} still to come
            </li>
            {calc.excusedAbsences > 0 && <li>{calc.excusedAbsences} absence excused</li>}
            {calc.practiceMakeups > 0 && (
              <li>
                {calc.practiceMakeups} missed session{calc.practiceMakeups === 1 ? "" : "s"} made up with practice
              </li>
            )}
          </ul>
        </div>
      )}
      {r && <p className="text-sm text-slate-700">{policySentence(r.policy, calc?.sessionsRequired ?? null)}</p>}
      {excused && (
        <p className="text-sm">
          You excused your absence from Session {excused.number}: {excused.local.text}.
        </p>
      )}
      {canExcuse && (
        <div className="space-y-2 border-t border-slate-200 pt-4">
          <h3 className="font-semibold">Excuse an absence</h3>
          {sessions.loading && !sessions.data && <Loading label="Loading the sessions…" />}
          <ErrorNotice error={sessions.error} title="The sessions could not be loaded" />
          {sessions.data && coming.length === 0 && (
            <p className="text-sm text-slate-700">No coming sessions to excuse yet.</p>
          )}
          {coming.length > 0 && (
            <form
              className="space-y-2"
              onSubmit={(e) => {
                e.preventDefault();
                if (chosen) void excuse.run(chosen);
              }}
            >
              <SelectField
                label="Session you will miss"
                hint="Say so before it starts. You can excuse one absence this sprint, and it cannot be undone."
                value={chosen}
                onChange={(e) => setSessionId(e.target.value)}
              >
                {coming.map((s) => (
                  <option key={s.id} value={s.id}>
                    Session {s.number}: {s.local.text}
                  </option>
                ))}
              </SelectField>
              <ErrorNotice error={excuse.error} />
              <Button type="submit" variant="secondary" pending={excuse.pending}>
                Excuse this absence
              </Button>
            </form>
          )}
        </div>
      )}
      {r?.settlement && (
        <div className="space-y-1 border-t border-slate-200 pt-4">
          <h3 className="font-semibold">The sprint is settled</h3>
          <p>
            Refund: <strong className="tabular-nums">{money(r.settlement.refundCents)}</strong>{" "}
            {REFUND_TO[r.settlement.refundTo]}. {SETTLEMENT_STATUS[r.settlement.status]}
          </p>
          {r.settlement.forfeitCents > 0 && (
            <p className="text-sm text-slate-700">Not refunded: {money(r.settlement.forfeitCents)}.</p>
          )}
        </div>
      )}
      <p className="text-sm">
        <Link to="/ledger" className="text-indigo-800 underline">
          Credit and deposits
        </Link>
      </p>
    </Card>
  );
}
