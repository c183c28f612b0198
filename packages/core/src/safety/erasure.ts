// An erased learner in moderation records: what was reported about them loses its excerpt, and the reports they made
// no longer name them. Decisions and the audit log keep the account's opaque id (moderation records are kept); the
// learner's appeals and strikes are on their owner index and partition, deleted with their other records.
import type { Platform } from "../platform/index.js";
import { myModeration } from "./appeals.js";
import { type ReportItem, ReportRecord, reportKey } from "./records.js";
import { toFiledReport } from "./reports.js";

export async function eraseFromReports(p: Platform, userId: string): Promise<void> {
  const about = await p.store.queryAll<ReportItem>(ReportRecord.query("about", { userId }));
  for (const r of about) {
    if (r.excerpt !== null) await p.store.update(reportKey(r.id), { set: { excerpt: null } });
  }
  const by = await p.store.queryAll<ReportItem>(ReportRecord.query("by", { userId }));
  for (const r of by) {
    await p.store.update(reportKey(r.id), { set: { reporterId: "erased" }, remove: ["gsi3pk", "gsi3sk"] });
  }
}

/** The learner's part of an export: the reports they made, and the decisions about them with their appeals. */
export async function safetyExport(p: Platform, userId: string) {
  const [by, standing] = await Promise.all([
    p.store.queryAll<ReportItem>(ReportRecord.query("by", { userId })),
    myModeration(p, { userId, role: "learner" }),
  ]);
  return { reportsMade: by.map(toFiledReport), ...standing };
}
