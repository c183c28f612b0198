// Asks for a new verification link: from the sign-in refusal (address known) or the expired-link page (asked for).
import { type FormEvent, useState } from "react";
import { api, unwrap } from "../../api/client";
import { Button, ErrorNotice, Notice, TextField } from "../../components/ui";
import { useAction } from "../../lib/use-resource";

export function ResendVerification({ email: known }: { email?: string }) {
  const [email, setEmail] = useState(known ?? "");
  const [sent, setSent] = useState(false);
  const resend = useAction(async () => {
    await unwrap(api.POST("/v1/auth/verify-email/resend", { body: { email: email.trim() } }));
    setSent(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void resend.run();
  };
  if (sent) {
    return (
      <Notice tone="success">
        If {email.trim()} is waiting to be confirmed, a new link is on its way. It works for an hour; check your spam
        folder too.
      </Notice>
    );
  }
  const fields = resend.error?.fieldErrors() ?? {};
  return (
    <form onSubmit={submit} className="space-y-3" noValidate>
      {known === undefined && (
        <TextField
          label="Your email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
      )}
      {!fields.email && <ErrorNotice error={resend.error} />}
      <Button type="submit" variant="secondary" pending={resend.pending} className="w-full">
        Send me a new link
      </Button>
    </form>
  );
}
