// Reading and saving the session's CoachDoc.
import { api, unwrap } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import { announceVersion } from "./jobs";
import type { CoachDoc, CoachEdit } from "./model";

/** The latest CoachDoc, or null while the session has none. */
export async function loadDoc(sessionId: string): Promise<CoachDoc | null> {
  try {
    return await unwrap(api.GET("/v1/sessions/{id}/coach", { params: { path: { id: sessionId } } }));
  } catch (e) {
    if (e instanceof ApiError && e.code === "coach.no_doc") return null;
    throw e;
  }
}

/** Saves an edit as the next version (the API checks `version` is still the latest, else 409). */
export async function saveEdit(sessionId: string, edit: CoachEdit): Promise<CoachDoc> {
  const saved = await unwrap(api.PUT("/v1/sessions/{id}/coach", { params: { path: { id: sessionId } }, body: edit }));
  announceVersion(sessionId, saved.version);
  return saved;
}

/** A save refused because someone saved a newer version first. */
export const isStale = (e: ApiError | undefined) => e?.status === 409 && e.code === "coach.stale_version";

export const latestVersionOf = (e: ApiError | undefined) =>
  typeof e?.details?.latestVersion === "number" ? e.details.latestVersion : undefined;
