// The recurring schedules of every listed domain: the infrastructure creates one EventBridge schedule per entry,
// each invoking the jobs function; the local runtime keeps the same ones in its scheduler.
import { type RecurringSchedule, recurringSchedulesOf } from "@pactly/core/domain";
import { DOMAIN_MODULES } from "../domains.js";

export type { RecurringSchedule };

export const RECURRING_SCHEDULES: readonly RecurringSchedule[] = recurringSchedulesOf(DOMAIN_MODULES);
