// Sign up with email and password; the account is usable once the emailed link is opened.
import { type FormEvent, useState } from "react";
import { Link } from "react-router";
import { api, unwrap } from "../../api/client";
import { Button, ErrorNotice, Notice, TextField } from "../../components/ui";
import { LIMITS } from "../../lib/limits";
import { useAction } from "../../lib/use-resource";
import { AuthCard } from "./AuthCard";

export const PASSWORD_MIN = LIMITS.password.min;
const PASSWORD_MAX = LIMITS.password.max;
const NAME_MAX = LIMITS.name.max;

export function SignUpPage() {
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [sentTo, setSentTo] = useState<string | null>(null);
  const signup = useAction(async () => {
    await unwrap(api.POST("/v1/auth/signup", { body: { name, email, password } }));
    setSentTo(email);
  });
  const fields = signup.error?.fieldErrors() ?? {};

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void signup.run();
  };

  if (sentTo) {
    return (
      <AuthCard title="Check your email">
        <Notice tone="success">
          We sent a link to <strong>{sentTo}</strong>. Open it to verify your address, then sign in.
        </Notice>
        <p className="text-sm text-slate-700">
          Nothing after a few minutes? Look in your spam folder, or{" "}
          <button type="button" className="font-medium text-indigo-800 underline" onClick={() => setSentTo(null)}>
            try another address
          </button>
          .
        </p>
        <Link to="/sign-in" className="text-sm font-medium text-indigo-800 underline">
          Back to sign in
        </Link>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Create your account" subtitle="Join a pod, keep your sessions, get your deposit back.">
      <form onSubmit={submit} className="space-y-4" noValidate>
        <TextField
          label="Your name"
          autoComplete="name"
          required
          value={name}
          onChange={(e) => setName(e.target.value)}
          maxLength={NAME_MAX}
          error={fields.name}
        />
        <TextField
          label="Email"
          type="email"
          autoComplete="email"
          required
          value={email}
          onChange={(e) => setEmail(e.target.value)}
          error={fields.email}
        />
        <TextField
          label="Password"
          type="password"
          autoComplete="new-password"
          required
          minLength={PASSWORD_MIN}
          maxLength={PASSWORD_MAX}
          value={password}
          onChange={(e) => setPassword(e.target.value)}
          hint={`At least ${PASSWORD_MIN} characters.`}
          error={fields.password}
        />
        <ErrorNotice error={signup.error} shownFields={["name", "email", "password"]} />
        <Button type="submit" pending={signup.pending} className="w-full">
          Create account
        </Button>
        <p className="text-sm text-slate-700">
          Already have an account?{" "}
          <Link className="font-medium text-indigo-800 underline" to="/sign-in">
            Sign in
          </Link>
        </p>
      </form>
    </AuthCard>
  );
}
