// The coach job a session is waiting for: its id is kept in local storage under the session, so a reload (or another
// tab on the same session) picks the job up again and follows it to the end, polling GET /v1/jobs/{id}.
import { useCallback, useEffect, useRef, useState } from "react";
import { api, unwrap } from "../../../api/client";
import { type ApiError, asApiError } from "../../../api/errors";
import type { CoachJobKind, Job } from "./model";

export interface TrackedJob {
  id: string;
  kind: CoachJobKind;
  /** The uploaded file the notes were asked from, so a failed job can be asked again. */
  uploadKey?: string;
}

const jobKey = (sessionId: string) => `pactly.coach.job.${sessionId}`;
/** Written when this tab saw a new version, so the session's other tabs show it too. */
const versionKey = (sessionId: string) => `pactly.coach.version.${sessionId}`;

function readTracked(sessionId: string): TrackedJob | null {
  try {
    const raw = localStorage.getItem(jobKey(sessionId));
    const parsed = raw ? (JSON.parse(raw) as TrackedJob) : null;
    return parsed && typeof parsed.id === "string" ? parsed : null;
  } catch {
    return null;
  }
}

function writeTracked(sessionId: string, tracked: TrackedJob | null) {
  try {
    if (tracked) localStorage.setItem(jobKey(sessionId), JSON.stringify(tracked));
    else localStorage.removeItem(jobKey(sessionId));
  } catch {
    // Storage refused (private mode): the job is only followed in this tab.
  }
}

/** Tells the session's other tabs that version `version` exists. */
export function announceVersion(sessionId: string, version: number) {
  try {
    localStorage.setItem(versionKey(sessionId), String(version));
  } catch {
    // Other tabs see it when they are next focused.
  }
}

/** Calls `onChange` when another tab announces a version or the window comes back into view. */
export function useDocChanges(sessionId: string, onChange: () => void) {
  const latest = useRef(onChange);
  latest.current = onChange;
  useEffect(() => {
    const onStorage = (e: StorageEvent) => {
      if (e.key === versionKey(sessionId)) latest.current();
    };
    const onVisible = () => {
      if (document.visibilityState === "visible") latest.current();
    };
    window.addEventListener("storage", onStorage);
    document.addEventListener("visibilitychange", onVisible);
    return () => {
      window.removeEventListener("storage", onStorage);
      document.removeEventListener("visibilitychange", onVisible);
    };
  }, [sessionId]);
}

const FINISHED = new Set(["succeeded", "failed"]);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * The session's coach job: `start` queues one (the request returns the job), `job` is its latest state, and
 * `onSucceeded` runs once it has written its version. A failed job stays shown (after a reload too) until it is
 * retried or dismissed.
 */
export function useCoachJob(sessionId: string, onSucceeded: (job: Job | null) => void) {
  const [tracked, setTracked] = useState<TrackedJob | null>(() => readTracked(sessionId));
  const [job, setJob] = useState<Job | null>(null);
  const [pollError, setPollError] = useState<ApiError | undefined>();
  const done = useRef(onSucceeded);
  done.current = onSucceeded;

  // Another tab started (or finished) a job on this session.
  useEffect(() => {
    const finishedElsewhere = async (id: string) => {
      const last = await unwrap(api.GET("/v1/jobs/{id}", { params: { path: { id } } })).catch(() => null);
      setJob((shown) => (last && (!shown || shown.id === id) ? last : shown));
      done.current(last);
    };
    const onStorage = (e: StorageEvent) => {
      if (e.key !== jobKey(sessionId)) return;
      const next = readTracked(sessionId);
      setTracked((current) => {
        // Followed to the end over there: its last state (and what it wrote) is shown here too.
        if (current && !next) queueMicrotask(() => void finishedElsewhere(current.id));
        return next;
      });
    };
    window.addEventListener("storage", onStorage);
    return () => window.removeEventListener("storage", onStorage);
  }, [sessionId]);

  const id = tracked?.id;
  useEffect(() => {
    if (!id) return;
    let stopped = false;
    void (async () => {
      for (let wait = 1000; !stopped; wait = Math.min(wait * 1.3, 2500)) {
        try {
          const current = await unwrap(api.GET("/v1/jobs/{id}", { params: { path: { id } } }));
          if (stopped) return;
          setJob(current);
          setPollError(undefined);
          if (current.status === "succeeded") {
            // Followed to the end: a reload need not follow it again.
            writeTracked(sessionId, null);
            setTracked(null);
            done.current(current);
            return;
          }
          if (FINISHED.has(current.status)) return;
        } catch (e) {
          if (stopped) return;
          const error = asApiError(e);
          // Gone, or not this member's to read (another person signed in on this device): stop following it.
          if (error.status === 404 || error.status === 403) {
            writeTracked(sessionId, null);
            setTracked(null);
            return;
          }
          // A connection problem: said, and asked again.
          setPollError(error);
        }
        await sleep(wait);
      }
    })();
    return () => {
      stopped = true;
    };
  }, [id, sessionId]);

  const start = useCallback(
    (queued: Job, extra: Omit<TrackedJob, "id" | "kind"> = {}) => {
      const next: TrackedJob = { id: queued.id, kind: queued.kind as CoachJobKind, ...extra };
      setJob(queued);
      setPollError(undefined);
      writeTracked(sessionId, next);
      setTracked(next);
    },
    [sessionId],
  );

  const dismiss = useCallback(() => {
    writeTracked(sessionId, null);
    setTracked(null);
    setJob(null);
  }, [sessionId]);

  return { tracked, job, pollError, start, dismiss };
}
