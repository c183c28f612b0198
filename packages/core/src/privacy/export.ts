// Data export: a queued job writes every record of the user to S3 as JSON and returns a 15-minute download link.
import { type Actor, assertCanAccess } from "../access/index.js";
import { getUser } from "../accounts/index.js";
import { exportSectionsOf } from "../domain/index.js";
import { enqueueJob, type Job } from "../jobs/index.js";
import { enforceRateLimit, type Item, type Platform } from "../platform/index.js";
import { findUserRecords, userBlobPrefix } from "./locate.js";
import type { EXPORT_JOB_KIND } from "./module.js";

export const EXPORT_LINK_SECONDS = 15 * 60;
export const EXPORT_FORMAT = "pactly-export/1";

/** Exports are heavy reads: a few an hour per user is plenty. */
const EXPORT_LIMIT = { bucket: "privacy.export", limit: 5, windowSeconds: 3600 };

/** Attributes never handed out, even to their owner: they only serve to check secrets. */
const SECRET_ATTRIBUTES = new Set(["hash", "codeVerifier", "nonce", "successor"]);
/** Records keyed by a token's hash: the key itself is a secret's fingerprint. */
const HASH_KEYED_TYPES = new Set(["RefreshToken", "EmailToken"]);
const KEY_ATTRIBUTES = new Set(["pk", "sk", "gsi1pk", "gsi1sk", "gsi2pk", "gsi2sk", "gsi3pk", "gsi3sk", "version"]);

export interface ExportedRecord {
  type: string;
  key: { pk: string; sk: string };
  data: Record<string, unknown>;
}

export interface ExportDocument {
  format: typeof EXPORT_FORMAT;
  userId: string;
  exportedAt: string;
  recordCount: number;
  records: ExportedRecord[];
  /** What listed domains add besides the records, by domain name. */
  sections: Record<string, unknown>;
}

function exported(item: Item): ExportedRecord {
  const data: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(item)) {
    if (KEY_ATTRIBUTES.has(k) || k === "type") continue;
    data[k] = SECRET_ATTRIBUTES.has(k) ? "[withheld]" : v;
  }
  const pk = HASH_KEYED_TYPES.has(item.type) ? `${item.pk.split("#")[0]}#[withheld]` : item.pk;
  return { type: item.type, key: { pk, sk: item.sk }, data };
}

export async function buildExport(p: Platform, userId: string): Promise<ExportDocument> {
  const [found, sections] = await Promise.all([
    findUserRecords(p, userId),
    Promise.all(exportSectionsOf(p.domains).map(async (s) => [s.name, await s.build(p, userId)] as const)),
  ]);
  const records = found.map(exported);
  return {
    format: EXPORT_FORMAT,
    userId,
    exportedAt: p.clock.now().toISOString(),
    recordCount: records.length,
    records,
    sections: Object.fromEntries(sections.filter(([, data]) => data !== undefined)),
  };
}

/** The module's export job, tied to it by type so this file does not import the module. */
const exportJobKind: typeof EXPORT_JOB_KIND = "privacy.export";

/** Queues an export of the user's data; the job's result carries the download link. */
export async function requestExport(p: Platform, actor: Actor, userId: string): Promise<Job> {
  assertCanAccess(actor, { ownerId: userId }, "user");
  await enforceRateLimit(p, EXPORT_LIMIT, userId);
  return enqueueJob(p, { queue: "tasks", kind: exportJobKind, ownerId: userId });
}

/** The job handler (tasks queue): writes the export under the user's blob prefix and signs a link to it. */
export async function runExport(p: Platform, job: Job): Promise<Record<string, unknown>> {
  // An erasure that got in first wins: nothing is written for an account that no longer exists.
  if (!(await getUser(p, job.ownerId, true))) return { recordCount: 0, erased: true };
  const doc = await buildExport(p, job.ownerId);
  const body = JSON.stringify(doc, null, 2);
  const key = `${userBlobPrefix(job.ownerId)}exports/${job.id}.json`;
  // The link lasts minutes; the bucket's lifecycle removes the file a day later.
  await p.blob.put(key, body, "application/json", { temporary: true });
  const day = doc.exportedAt.slice(0, 10);
  const downloadUrl = await p.blob.presignGet(key, {
    expiresInSeconds: EXPORT_LINK_SECONDS,
    downloadName: `pactly-export-${day}.json`,
  });
  p.log.info("export written", { userId: job.ownerId, jobId: job.id, records: doc.recordCount });
  return {
    downloadUrl,
    expiresAt: new Date(p.clock.now().getTime() + EXPORT_LINK_SECONDS * 1000).toISOString(),
    recordCount: doc.recordCount,
    bytes: Buffer.byteLength(body),
  };
}
