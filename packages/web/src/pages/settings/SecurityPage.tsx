// Sign-in and security: change the password (other devices are signed out) or the email (confirmed from the new
// address). Both need a sign-in of the last few minutes; the page says so and offers to sign in again.
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { useMe, useSession } from "../../auth/session";
import { Button, buttonClass, Card, ErrorNotice, Notice, PageTitle, TextField } from "../../components/ui";
import { LIMITS } from "../../lib/limits";
import { useAction } from "../../lib/use-resource";
import { AuthCard } from "../auth/AuthCard";
import { NewPasswordFields } from "../auth/PasswordPages";

export function SecurityPage() {
  return (
    <div className="mx-auto max-w-3xl space-y-6">
      <PageTitle subtitle="How you sign in to Pactly.">Sign-in and security</PageTitle>
      <PasswordCard />
      <EmailCard />
    </div>
  );
}

/** A sign-in older than ten minutes cannot change these: say so, with the way out. */
function ReauthHint({ code }: { code: string | undefined }) {
  const { signOut } = useSession();
  if (code !== "auth.reauth_required") return null;
  return (
    <Notice tone="warning">
      For your safety, this needs a recent sign-in.{" "}
      <button type="button" className="font-semibold underline" onClick={() => void signOut()}>
        Sign in again
      </button>{" "}
      and come back to this page.
    </Notice>
  );
}

function PasswordCard() {
  const me = useMe();
  const { signIn } = useSession();
  const hasPassword = me.signInMethods.includes("password");
  const [current, setCurrent] = useState("");
  const [next, setNext] = useState("");
  const [repeat, setRepeat] = useState("");
  const [mismatch, setMismatch] = useState(false);
  const [done, setDone] = useState(false);
  const change = useAction(async () => {
    const body = { newPassword: next, ...(hasPassword ? { currentPassword: current } : {}) };
    const session = await unwrap(api.POST("/v1/me/password", { body }));
    await signIn(session.accessToken, session.user);
    setDone(true);
    setCurrent("");
    setNext("");
    setRepeat("");
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setDone(false);
    setMismatch(next !== repeat);
    if (next === repeat) void change.run();
  };
  const fields = change.error?.fieldErrors() ?? {};
  return (
    <Card aria-labelledby="password-heading">
      <h2 id="password-heading" className="mb-2 text-lg font-bold">
        {hasPassword ? "Change your password" : "Set a password"}
      </h2>
      <p className="mb-4 text-slate-700">Every other device you are signed in on is signed out; this one stays.</p>
      <form onSubmit={submit} className="space-y-4" noValidate>
        {hasPassword && (
          <TextField
            label="Current password"
            type="password"
            autoComplete="current-password"
            required
            maxLength={LIMITS.password.max}
            value={current}
            onChange={(e) => setCurrent(e.target.value)}
            error={change.error?.code === "auth.wrong_password" ? "This is not your current password." : undefined}
          />
        )}
        <NewPasswordFields
          password={next}
          onPassword={setNext}
          repeat={repeat}
          onRepeat={setRepeat}
          mismatch={mismatch}
          error={fields.newPassword}
        />
        <ReauthHint code={change.error?.code} />
        {change.error?.code !== "auth.reauth_required" && change.error?.code !== "auth.wrong_password" && (
          <ErrorNotice error={change.error} />
        )}
        {done && <Notice tone="success">Your password is changed. Other devices are signed out.</Notice>}
        <Button type="submit" pending={change.pending}>
          {hasPassword ? "Change password" : "Set password"}
        </Button>
      </form>
    </Card>
  );
}

function EmailCard() {
  const me = useMe();
  const [email, setEmail] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const ask = useAction(async () => {
    await unwrap(api.POST("/v1/me/email", { body: { email } }));
    setSentTo(email.trim());
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setSentTo(null);
    void ask.run();
  };
  const fields = ask.error?.fieldErrors() ?? {};
  return (
    <Card aria-labelledby="email-heading">
      <h2 id="email-heading" className="mb-2 text-lg font-bold">
        Change your email
      </h2>
      <p className="mb-4 text-slate-700">
        You use <strong>{me.email}</strong>. We send a link to the new address; the change happens when you open it, and
        we tell your current address too.
      </p>
      <form onSubmit={submit} className="space-y-4" noValidate>
        <TextField
          label="New email"
          type="email"
          autoComplete="email"
          required
          maxLength={254}
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <ReauthHint code={ask.error?.code} />
        {ask.error?.code !== "auth.reauth_required" && <ErrorNotice error={ask.error} />}
        {sentTo && (
          <Notice tone="success">
            Check <strong>{sentTo}</strong> for a link. It works once and expires in an hour.
          </Notice>
        )}
        <Button type="submit" pending={ask.pending}>
          Send confirmation link
        </Button>
      </form>
    </Card>
  );
}

/** The link from the new address: confirms the change, then everyone signs in again with the new email. */
export function ConfirmEmailChangePage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const { state, forget } = useSession();
  const [done, setDone] = useState(false);
  const confirm = useAction(async () => {
    await unwrap(api.POST("/v1/auth/email-change/confirm", { body: { token } }));
    setDone(true);
    if (state.status === "signed-in") forget("expired");
  });
  if (done) {
    return (
      <AuthCard title="Email changed">
        <Notice tone="success">Your account uses the new address now. Sign in with it.</Notice>
        <Link to="/sign-in" className={buttonClass("primary", "w-full")}>
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Use this email for Pactly">
      {!token ? (
        <Notice tone="warning">This link has no token. Open the link from the email again.</Notice>
      ) : (
        <div className="space-y-4">
          <p className="text-slate-700">Confirm to move your account to this address. You will sign in again after.</p>
          <ErrorNotice error={confirm.error} />
          <Button onClick={() => void confirm.run()} pending={confirm.pending} className="w-full">
            Confirm my new email
          </Button>
        </div>
      )}
    </AuthCard>
  );
}
