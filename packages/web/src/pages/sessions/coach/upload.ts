// A transcript file straight to storage: a multipart POST under the signed policy (the policy's fields, then the file).
import type { Schemas } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import { COACH_LIMITS } from "./model";

/** Why a file cannot be a transcript (before any upload), or null. */
export function transcriptFileProblem(file: File): string | null {
  if (!/\.(txt|vtt)$/i.test(file.name) && !["text/plain", "text/vtt"].includes(file.type))
    return "Choose a text file (.txt) or WebVTT captions (.vtt).";
  if (file.size === 0) return "That file is empty.";
  if (file.size > COACH_LIMITS.transcriptBytes)
    return `That file is ${Math.ceil(file.size / 1000)} KB; a transcript file may be at most 200 KB.`;
  return null;
}

export const transcriptContentType = (file: File): "text/plain" | "text/vtt" =>
  /\.vtt$/i.test(file.name) || file.type === "text/vtt" ? "text/vtt" : "text/plain";

export async function uploadTranscript(form: Schemas["TranscriptUpload"], file: File, contentType: string) {
  const body = new FormData();
  for (const [name, value] of Object.entries(form.fields)) body.append(name, value);
  // Sent with the type the policy was signed for, whatever the browser guessed from the file's name.
  body.append("file", new Blob([await file.arrayBuffer()], { type: contentType }), file.name);
  let response: Response;
  try {
    response = await fetch(form.url, { method: "POST", body });
  } catch {
    throw new ApiError(0, "upload.failed", "The upload did not go through. Check your connection and try again.", null);
  }
  if (response.ok) return;
  const text = await response.text().catch(() => "");
  throw new ApiError(
    response.status,
    "upload.refused",
    /EntityTooLarge/.test(text)
      ? "The file is larger than 200 KB, so storage refused it."
      : "Storage refused the file. Check it is a .txt or .vtt file of at most 200 KB, and try again.",
    null,
  );
}
