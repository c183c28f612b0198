// What a domain hands the composition root: scheduled jobs, queued job kinds, its erasure step, export and
// dashboard sections, and the outbox effects it delivers. Nothing registers itself on import: entry points
// receive the list (packages/functions/src/domains.ts) and hand it to the platform, where the code that fans out
// to every domain (erasure, export, the dashboard, the job runners) reads it as `p.domains`.
import type { DashboardSection, DashboardSections } from "../accounts/index.js";
import type { JobHandler } from "../jobs/index.js";
import type { SummarySection } from "../notifications/model.js";
import type { Item, Platform, QueueName } from "../platform/index.js";

/** A job EventBridge Scheduler (or the local scheduler) runs by name, with the schedule's payload. */
export type ScheduledJob = (p: Platform, payload: Record<string, unknown>) => Promise<void>;

/** A queued job kind's handler; what it returns becomes the job's result. */
export type QueuedJobHandler = JobHandler;

/** Reacts to another domain's event (an outbox `event` effect); runs after the change committed, maybe twice. */
export type EventHandler = (p: Platform, payload: Record<string, unknown>) => Promise<void>;

/** A recurring schedule the infrastructure creates (and the local runtime keeps), naming one of the domain's jobs. */
export interface RecurringSchedule<J extends string = string> {
  /** Schedule name inside the stage's schedule group (1–64 of [0-9a-zA-Z-_.]). */
  name: string;
  /** EventBridge Scheduler expression: `cron(min hour dom month dow year)` or `rate(n unit)`. */
  expression: string;
  /** IANA zone the expression is read in. */
  timezone: string;
  job: J;
  payload: Record<string, unknown>;
}

/**
 * A domain's part of an erasure. It runs before the user's records are deleted and must be idempotent (an erasure
 * may be repeated): typically it rewrites what pod-mates keep so that it no longer names the user.
 */
export type ErasureStep = (p: Platform, userId: string, ctx: { formerMemberName: string }) => Promise<void>;

/** What a learner changed of their account that domains keep copies of (display names, the timezone shown in). */
export interface AccountChange {
  name?: string;
  timezone?: string;
}

/** Something a domain adds to a user's export besides their records (derived views, files' descriptions…). */
export type ExportSection = (p: Platform, userId: string) => Promise<unknown>;

/**
 * A section is built from the learner's partition as the dashboard read it (`partition`): a domain keeps what its
 * section shows on items there, beside the learner's other records, so the whole page stays one Query.
 */
export type DashboardProviders = {
  [K in DashboardSection]?: (
    p: Platform,
    userId: string,
    partition: readonly Item[],
  ) => DashboardSections[K] | Promise<DashboardSections[K]>;
};

/**
 * A domain's part of a learner's Monday summary (pods, goals, the week's sessions…), or nothing to say. Times in it
 * are shown in `timezone`, the learner's.
 */
export type WeeklySummaryProvider = (
  p: Platform,
  userId: string,
  ctx: { timezone: string; now: Date },
) => Promise<SummarySection | undefined>;

export interface DomainModule<J extends string = string> {
  /** Lower-case, unique in the list; names the erasure step, export section and logs. */
  readonly name: string;
  readonly jobs?: { readonly [K in J]: ScheduledJob };
  readonly schedules?: readonly RecurringSchedule<NoInfer<J>>[];
  readonly queueJobs?: { readonly [Q in QueueName]?: Readonly<Record<string, QueuedJobHandler>> };
  readonly erase?: ErasureStep;
  /** Brings the domain's copies of account data up to date after the learner changed them. */
  readonly accountChanged?: (p: Platform, userId: string, change: AccountChange) => Promise<void>;
  readonly exportSection?: ExportSection;
  readonly dashboard?: DashboardProviders;
  /** Handlers of other domains' events, by event name (`pod.activated`). */
  readonly events?: { readonly [name: string]: EventHandler };
  /** Its section of the weekly summary email, in the list's order. */
  readonly weeklySummary?: WeeklySummaryProvider;
}

/**
 * Declares a domain module. The job names a schedule may name are the module's own job keys, so a schedule naming
 * a job that does not exist does not compile.
 */
export const defineDomain = <const J extends string = never>(module: DomainModule<J>): DomainModule<J> => module;

/** Every job name a union of modules defines. */
export type JobNameOf<M> = M extends DomainModule<infer J> ? J : never;

/** A job of one module, by a name the compiler checks against that module's jobs. */
/**
 * A job name checked against a module's type: `jobOf<typeof podsDomain>("pods.review")`. It takes the module as a type
 * only, so code that schedules a job does not import the module (which keeps modules out of lazily loaded chunks).
 */
export const jobOf = <M extends DomainModule<string>>(job: JobNameOf<M>): JobNameOf<M> => job;

/** Scheduled jobs by name; a name defined twice is a mistake in the list. */
export function scheduledJobsOf(domains: readonly DomainModule<string>[]): ReadonlyMap<string, ScheduledJob> {
  const jobs = new Map<string, ScheduledJob>();
  for (const d of domains) {
    for (const [name, job] of Object.entries<ScheduledJob>(d.jobs ?? {})) {
      if (jobs.has(name)) throw new Error(`The job "${name}" is defined by two domains.`);
      jobs.set(name, job);
    }
  }
  return jobs;
}

export const recurringSchedulesOf = (domains: readonly DomainModule<string>[]): RecurringSchedule[] =>
  domains.flatMap((d) => d.schedules ?? []);

/** The handlers of one queue's job kinds, across the listed modules. */
export function queueHandlersOf(
  domains: readonly DomainModule<string>[],
  queue: QueueName,
): Record<string, QueuedJobHandler> {
  const handlers: Record<string, QueuedJobHandler> = {};
  for (const d of domains) {
    for (const [kind, handler] of Object.entries(d.queueJobs?.[queue] ?? {})) {
      if (handlers[kind]) throw new Error(`The ${queue} job kind "${kind}" is defined by two domains.`);
      handlers[kind] = handler;
    }
  }
  return handlers;
}

export const erasureStepsOf = (domains: readonly DomainModule<string>[]) =>
  domains.flatMap((d) => (d.erase ? [{ name: d.name, erase: d.erase }] : []));

export const exportSectionsOf = (domains: readonly DomainModule<string>[]) =>
  domains.flatMap((d) => (d.exportSection ? [{ name: d.name, build: d.exportSection }] : []));

export const weeklySummaryProvidersOf = (domains: readonly DomainModule<string>[]) =>
  domains.flatMap((d) => (d.weeklySummary ? [{ name: d.name, build: d.weeklySummary }] : []));

export function dashboardProvidersOf(domains: readonly DomainModule<string>[]): DashboardProviders {
  const providers: Record<string, unknown> = {};
  for (const d of domains) {
    for (const [section, provide] of Object.entries(d.dashboard ?? {})) {
      if (providers[section]) throw new Error(`The dashboard section "${section}" is filled by two domains.`);
      providers[section] = provide;
    }
  }
  return providers as DashboardProviders;
}

/** Tells every listed domain what changed of a learner's account, in the list's order. */
export async function accountChanged(p: Platform, userId: string, change: AccountChange): Promise<void> {
  if (change.name === undefined && change.timezone === undefined) return;
  for (const d of p.domains) await d.accountChanged?.(p, userId, change);
}
