// Sign in: the configured OAuth providers, email + password, and (only when running locally) a dev sign-in.
import { type FormEvent, useState } from "react";
import { Link, useNavigate } from "react-router";
import { api, unwrap } from "../../api/client";
import { rememberNextPath, useNextPath } from "../../auth/guards";
import { useSession } from "../../auth/session";
import { Button, buttonClass, Checkbox, ErrorNotice, Loading, Notice, TextField } from "../../components/ui";
import { useAction, useResource } from "../../lib/use-resource";
import { AuthCard } from "./AuthCard";
import { ResendVerification } from "./ResendVerification";

export function SignInPage() {
  const { signIn, state } = useSession();
  const navigate = useNavigate();
  const ended = state.status === "signed-out" ? state.reason : undefined;
  const next = useNextPath();
  const providers = useResource(() => unwrap(api.GET("/v1/auth/providers")), []);
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [devEmail, setDevEmail] = useState("");
  const [devAdmin, setDevAdmin] = useState(false);

  const login = useAction(async () => {
    const { accessToken, user } = await unwrap(api.POST("/v1/auth/login", { body: { email, password } }));
    await signIn(accessToken, user);
    navigate(next, { replace: true });
  });
  const devLogin = useAction(async () => {
    const { accessToken, user } = await unwrap(
      api.POST("/v1/auth/dev-login", { body: { email: devEmail, role: devAdmin ? "admin" : "learner" } }),
    );
    await signIn(accessToken, user);
    navigate(next, { replace: true });
  });

  const submit = (e: FormEvent) => {
    e.preventDefault();
    void login.run();
  };

  const oauth = providers.data?.providers ?? [];
  return (
    <AuthCard title="Sign in" subtitle="Welcome back. Your pod is waiting.">
      {ended === "deleted" && (
        <Notice tone="success">Your account and its data are deleted. Thank you for learning with us.</Notice>
      )}
      {ended === "expired" && <Notice tone="warning">Your session ended. Please sign in again.</Notice>}
      {providers.loading && !providers.data && <Loading label="Loading sign-in options…" />}
      <ErrorNotice error={providers.error} title="Sign-in options could not be loaded" />
      {oauth.length > 0 && (
        <div className="space-y-2">
          {oauth.map((p) => (
            <a
              key={p.id}
              className={buttonClass("secondary", "w-full")}
              // A full page load: the provider's consent screen, then back through the API's callback to
              // /auth/callback, which reads where to go next from this tab's session storage.
              href={p.startUrl}
              onClick={() => rememberNextPath(next)}
            >
              Continue with {p.name}
            </a>
          ))}
          <p className="pt-2 text-center text-sm text-slate-600">or with your email</p>
        </div>
      )}
      {(providers.data?.password ?? true) && (
        <form onSubmit={submit} className="space-y-4" noValidate>
          <TextField
            label="Email"
            type="email"
            autoComplete="email"
            required
            value={email}
            onChange={(e) => setEmail(e.target.value)}
          />
          <TextField
            label="Password"
            type="password"
            autoComplete="current-password"
            required
            value={password}
            onChange={(e) => setPassword(e.target.value)}
          />
          <ErrorNotice error={login.error} />
          <Button type="submit" pending={login.pending} className="w-full">
            Sign in
          </Button>
          <div className="flex flex-wrap justify-between gap-2 text-sm">
            <Link className="font-medium text-indigo-800 underline" to="/forgot-password">
              Forgot your password?
            </Link>
            <Link
              className="font-medium text-indigo-800 underline"
              to={`/sign-up${next !== "/" ? `?next=${encodeURIComponent(next)}` : ""}`}
            >
              Create an account
            </Link>
          </div>
        </form>
      )}
      {login.error?.code === "auth.email_not_verified" && <ResendVerification key={email} email={email} />}
      {providers.data?.dev && (
        <form
          className="space-y-3 rounded-lg border border-dashed border-amber-400 bg-amber-50 p-3"
          onSubmit={(e) => {
            e.preventDefault();
            void devLogin.run();
          }}
        >
          <p className="text-sm font-semibold text-amber-950">Local runtime: dev sign-in</p>
          <TextField
            label="Sign in as (email)"
            type="email"
            value={devEmail}
            onChange={(e) => setDevEmail(e.target.value)}
            hint="Creates the account if it does not exist. Only available on a local runtime."
          />
          <Checkbox label="As an administrator" checked={devAdmin} onChange={(e) => setDevAdmin(e.target.checked)} />
          <ErrorNotice error={devLogin.error} />
          <Button type="submit" variant="secondary" pending={devLogin.pending} className="w-full">
            Dev sign-in
          </Button>
        </form>
      )}
    </AuthCard>
  );
}
