// Transcripts as the coach reads them: plain text or WebVTT reduced to "Speaker: words" lines, held to a size bound.
import { AppError, badRequest } from "../platform/index.js";
import { TRANSCRIPT_MAX_CHARS } from "./model.js";

const TIMING = /^\s*(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}\s+-->\s+(\d{1,2}:)?\d{1,2}:\d{2}[.,]\d{3}/;

/** A WebVTT file's spoken text: header, NOTE/STYLE/REGION blocks, cue ids and timings go; `<v Name>` becomes `Name: `. */
export function vttToText(vtt: string): string {
  const blocks = vtt.replace(/\r\n?/g, "\n").split(/\n{2,}/);
  const lines: string[] = [];
  for (const block of blocks) {
    const rows = block.split("\n").filter((r) => r.trim() !== "");
    if (rows.length === 0) continue;
    if (/^(WEBVTT|NOTE|STYLE|REGION)\b/.test(rows[0]!)) continue;
    const timingAt = rows.findIndex((r) => TIMING.test(r));
    if (timingAt === -1) continue;
    for (const row of rows.slice(timingAt + 1)) {
      const voice = /^<v(?:\.[^\s>]+)?\s+([^>]+)>/.exec(row);
      const text = row
        .replace(/<\/?[^>]+>/g, "")
        .replace(/&amp;/g, "&")
        .replace(/&lt;/g, "<")
        .replace(/&gt;/g, ">")
        .trim();
      if (!text) continue;
      lines.push(voice ? `${voice[1]!.trim()}: ${text}` : text);
    }
  }
  return lines.join("\n");
}

/** Whether a text looks like WebVTT (a file uploaded as text/plain may still be one). */
export const isVtt = (text: string) => /^\uFEFF?WEBVTT\b/.test(text);

/** The transcript the coach works on: normalised line ends, no control characters, trimmed, within the bound. */
export function normaliseTranscript(raw: string): string {
  const text = (isVtt(raw) ? vttToText(raw.replace(/^\uFEFF/, "")) : raw)
    .replace(/\r\n?/g, "\n")
    // biome-ignore lint/suspicious/noControlCharactersInRegex: stripping them is the point
    .replace(/[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g, "")
    .trim();
  if (!text) throw badRequest("coach.transcript_empty", "The transcript has no text.");
  if (text.length > TRANSCRIPT_MAX_CHARS)
    throw new AppError(
      413,
      "coach.transcript_too_large",
      `A transcript may be at most ${TRANSCRIPT_MAX_CHARS} characters.`,
      {
        details: { maxChars: TRANSCRIPT_MAX_CHARS, chars: text.length },
      },
    );
  return text;
}

export interface TranscriptLine {
  speaker: string | null;
  text: string;
}

/** "Name: words" lines (a speaker label of up to 40 characters), else the line as it is. */
export function transcriptLines(text: string): TranscriptLine[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter(Boolean)
    .map((l) => {
      const m = /^([A-Za-zÀ-ÿ][\w À-ÿ.'-]{0,39}?)\s*:\s+(.+)$/.exec(l);
      return m ? { speaker: m[1]!.trim(), text: m[2]!.trim() } : { speaker: null, text: l };
    });
}
