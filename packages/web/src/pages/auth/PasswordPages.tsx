// Forgotten password: ask for a reset link by email, then choose a new password with the token from it.
import { type FormEvent, useState } from "react";
import { Link, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { Button, buttonClass, ErrorNotice, Notice, TextField } from "../../components/ui";
import { LIMITS } from "../../lib/limits";
import { useAction } from "../../lib/use-resource";
import { AuthCard } from "./AuthCard";
import { PASSWORD_MIN } from "./SignUpPage";

export function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const forgot = useAction(async () => {
    await unwrap(api.POST("/v1/auth/password/forgot", { body: { email } }));
    setSent(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    void forgot.run();
  };
  return (
    <AuthCard title="Reset your password" subtitle="We will email you a link to choose a new one.">
      {sent ? (
        <Notice tone="success">
          If an account uses <strong>{email}</strong>, a reset link is on its way. It works once and expires soon.
        </Notice>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <ErrorNotice error={forgot.error} />
          <Button type="submit" pending={forgot.pending} className="w-full">
            Send reset link
          </Button>
        </form>
      )}
      <Link to="/sign-in" className="block text-sm font-medium text-indigo-800 underline">
        Back to sign in
      </Link>
    </AuthCard>
  );
}

export function ResetPasswordPage() {
  const [params] = useSearchParams();
  const token = params.get("token") ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [done, setDone] = useState(false);
  const [mismatch, setMismatch] = useState(false);
  const reset = useAction(async () => {
    await unwrap(api.POST("/v1/auth/password/reset", { body: { token, password } }));
    setDone(true);
  });
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(password !== confirm);
    if (password === confirm) void reset.run();
  };
  const fields = reset.error?.fieldErrors() ?? {};

  if (done) {
    return (
      <AuthCard title="Password changed">
        <Notice tone="success">Your password is changed, and you are signed out everywhere else.</Notice>
        <Link to="/sign-in" className={buttonClass("primary", "w-full")}>
          Sign in
        </Link>
      </AuthCard>
    );
  }
  return (
    <AuthCard title="Choose a new password">
      {!token ? (
        <Notice tone="warning">This link has no token. Open the link from the email again.</Notice>
      ) : (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <NewPasswordFields
            password={password}
            onPassword={setPassword}
            repeat={confirm}
            onRepeat={setConfirm}
            mismatch={mismatch}
            error={fields.password}
          />
          <ErrorNotice error={reset.error} />
          <Button type="submit" pending={reset.pending} className="w-full">
            Change password
          </Button>
        </form>
      )}
    </AuthCard>
  );
}

/** A new password and its repetition, with the rules shown and the mismatch said in words. */
export function NewPasswordFields(props: {
  password: string;
  onPassword: (value: string) => void;
  repeat: string;
  onRepeat: (value: string) => void;
  mismatch: boolean;
  error?: string | undefined;
}) {
  return (
    <>
      <TextField
        label="New password"
        type="password"
        autoComplete="new-password"
        minLength={PASSWORD_MIN}
        maxLength={LIMITS.password.max}
        required
        value={props.password}
        onChange={(e) => props.onPassword(e.target.value)}
        hint={`At least ${PASSWORD_MIN} characters.`}
        error={props.error}
      />
      <TextField
        label="Repeat the new password"
        type="password"
        autoComplete="new-password"
        required
        value={props.repeat}
        onChange={(e) => props.onRepeat(e.target.value)}
        error={props.mismatch ? "The two passwords differ." : undefined}
      />
    </>
  );
}
