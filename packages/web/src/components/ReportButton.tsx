// "Report": a pod-mate, their check-in or the coach document, sent to the moderators with a reason and optional
// details. Opens an inline form under the button; Escape or Cancel closes it and gives focus back to the button.
import { type FormEvent, type KeyboardEvent, useId, useLayoutEffect, useRef, useState } from "react";
import { api, type Schemas, unwrap } from "../api/client";
import { counter, REPORT_DETAILS_MAX, REPORT_REASONS, type ReportReason } from "../lib/moderation";
import { useAction } from "../lib/use-resource";
import { Button, ErrorNotice, Notice, SelectField, TextArea } from "./ui";

type Target = Schemas["ReportTarget"];

export function ReportButton({ target, what }: { target: Target; what: string }) {
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState<ReportReason | "">("");
  const [details, setDetails] = useState("");
  const [reasonError, setReasonError] = useState<string | undefined>();
  const [sent, setSent] = useState<"new" | "again" | null>(null);
  const button = useRef<HTMLButtonElement>(null);
  const select = useRef<HTMLSelectElement>(null);
  const formId = useId();

  // Focus moves in the same commit as the form: into it on open, back to the button on close (Escape, Cancel or a
  // sent report), so nothing can find the form gone and the focus nowhere.
  const wasOpen = useRef(false);
  useLayoutEffect(() => {
    if (open) select.current?.focus();
    else if (wasOpen.current) button.current?.focus();
    wasOpen.current = open;
  }, [open]);

  const send = useAction(async (chosen: ReportReason) => {
    let status = 0;
    await unwrap(
      api
        .POST("/v1/reports", {
          body: { target, reason: chosen, ...(details.trim() ? { details: details.trim() } : {}) },
        })
        .then((r) => {
          status = r.response.status;
          return r;
        }),
    );
    setSent(status === 201 ? "new" : "again");
    setOpen(false);
  });

  const close = () => {
    setOpen(false);
    send.clearError();
    setReasonError(undefined);
  };
  const submit = (e: FormEvent) => {
    e.preventDefault();
    if (!reason) {
      setReasonError("Choose what is wrong.");
      select.current?.focus();
      return;
    }
    setReasonError(undefined);
    void send.run(reason);
  };
  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
    }
  };
  const fields = send.error?.fieldErrors() ?? {};

  if (sent) {
    return (
      <Notice tone="success">
        {sent === "new"
          ? "Thanks — a moderator will look at it."
          : "You already reported this; it is still being looked at."}
      </Notice>
    );
  }
  return (
    <div className="space-y-2">
      <Button
        ref={button}
        variant="ghost"
        className="min-h-9 px-2 py-1 text-xs"
        aria-label={`Report ${what}`}
        aria-expanded={open}
        aria-controls={open ? formId : undefined}
        onClick={() => (open ? close() : setOpen(true))}
      >
        Report
      </Button>
      {open && (
        <form
          id={formId}
          aria-label={`Report ${what}`}
          className="space-y-3 rounded-lg bg-slate-50 p-3 ring-1 ring-slate-200"
          onSubmit={submit}
          onKeyDown={onKeyDown}
          noValidate
        >
          <p className="text-sm text-slate-700">
            Only the moderators see your report. The learner is not told who reported them.
          </p>
          <SelectField
            ref={select}
            label="What is wrong?"
            value={reason}
            error={reasonError ?? fields.reason}
            onChange={(e) => {
              setReason(e.target.value as ReportReason | "");
              if (e.target.value) setReasonError(undefined);
            }}
            required
          >
            <option value="">Choose a reason</option>
            {REPORT_REASONS.map((r) => (
              <option key={r.value} value={r.value}>
                {r.label}
              </option>
            ))}
          </SelectField>
          <TextArea
            label="Anything to add (optional)"
            value={details}
            maxLength={REPORT_DETAILS_MAX}
            hint={counter(details.length, REPORT_DETAILS_MAX)}
            error={fields.details}
            onChange={(e) => setDetails(e.target.value)}
          />
          <ErrorNotice error={send.error} shownFields={["reason", "details"]} />
          <div className="flex flex-col gap-2 sm:flex-row">
            <Button type="submit" pending={send.pending}>
              Send report
            </Button>
            <Button variant="secondary" onClick={close}>
              Cancel
            </Button>
          </div>
        </form>
      )}
    </div>
  );
}
