// Notes from a transcript: pasted, or a .txt / .vtt file uploaded straight to storage; the coach's job is queued.
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../../api/client";
import { ApiError } from "../../../api/errors";
import { Button, ErrorNotice, TextArea, TextField } from "../../../components/ui";
import { useAction } from "../../../lib/use-resource";
import { COACH_LIMITS } from "./model";
import { transcriptContentType, transcriptFileProblem, uploadTranscript } from "./upload";

const count = (n: number) => new Intl.NumberFormat().format(n);

export function TranscriptForm({
  sessionId,
  transcript,
  onTranscript,
  onSubmit,
  onCancel,
}: {
  sessionId: string;
  transcript: string;
  onTranscript: (t: string) => void;
  onSubmit: (body: { transcript: string } | { uploadKey: string }) => Promise<void>;
  onCancel: () => void;
}) {
  const [file, setFile] = useState<File | null>(null);
  const [fileError, setFileError] = useState<string | undefined>();
  const send = useAction(async () => {
    if (file) {
      const contentType = transcriptContentType(file);
      const form = await unwrap(
        api.POST("/v1/sessions/{id}/coach/transcript-upload", {
          params: { path: { id: sessionId } },
          body: { contentType },
        }),
      );
      await uploadTranscript(form, file, contentType);
      await onSubmit({ uploadKey: form.key });
      return;
    }
    if (!transcript.trim())
      throw new ApiError(0, "coach.transcript_empty", "Paste the transcript, or choose a transcript file.", null);
    await onSubmit({ transcript });
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (fileError) return;
    void send.run();
  };
  const fields = send.error?.fieldErrors() ?? {};
  const over = transcript.length > COACH_LIMITS.transcript;
  return (
    <form
      id="coach-notes-form"
      aria-labelledby="coach-notes-form-heading"
      className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
      onSubmit={submit}
      noValidate
    >
      <h3 id="coach-notes-form-heading" className="font-semibold">
        Notes from a transcript
      </h3>
      <TextArea
        label="Transcript"
        hint={
          <>
            Paste the call's transcript, one line per speaker ("Name: what they said"). {count(transcript.length)} of{" "}
            {count(COACH_LIMITS.transcript)} characters{over ? ": too long, shorten it or upload a file" : ""}.
          </>
        }
        rows={6}
        value={transcript}
        disabled={file !== null}
        error={fields.transcript}
        onChange={(e) => onTranscript(e.target.value)}
      />
      <TextField
        label="Or choose a transcript file (.txt or .vtt)"
        hint="At most 200 KB. WebVTT captions from a video call work as they are."
        type="file"
        accept=".txt,.vtt,text/plain,text/vtt"
        error={fileError}
        onChange={(e) => {
          const f = e.target.files?.[0] ?? null;
          const problem = f ? transcriptFileProblem(f) : null;
          setFileError(problem ?? undefined);
          setFile(problem ? null : f);
        }}
      />
      <ErrorNotice error={send.error} shownFields={["transcript"]} />
      <div className="flex flex-col gap-2 sm:flex-row">
        <Button type="submit" pending={send.pending}>
          {file ? "Upload and make notes" : "Make notes"}
        </Button>
        <Button variant="secondary" onClick={onCancel}>
          Cancel
        </Button>
      </div>
    </form>
  );
}
