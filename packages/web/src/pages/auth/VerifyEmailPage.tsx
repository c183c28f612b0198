// The link from the verification email: confirms the address with the token in the URL.
import { useEffect, useRef, useState } from "react";
import { Link, useLocation, useNavigate, useSearchParams } from "react-router";
import { api, unwrap } from "../../api/client";
import { type ApiError, asApiError } from "../../api/errors";
import { useSession } from "../../auth/session";
import { buttonClass, ErrorNotice, Loading, Notice } from "../../components/ui";
import { AuthCard } from "./AuthCard";
import { ResendVerification } from "./ResendVerification";

export function VerifyEmailPage() {
  const [params] = useSearchParams();
  const location = useLocation();
  const navigate = useNavigate();
  const token = params.get("token") ?? "";
  const { state, reload } = useSession();
  // Coming back to this page (Back, reload) after it verified: the used token is gone from the URL, the result stays.
  const verifiedBefore = (location.state as { verified?: boolean } | null)?.verified === true;
  const alreadyVerified = state.status === "signed-in" && state.me.emailVerified;
  const [result, setResult] = useState<{ ok: true } | { ok: false; error: ApiError } | null>(
    verifiedBefore ? { ok: true } : null,
  );
  const started = useRef(false);

  useEffect(() => {
    // Once only: a token is single-use, and React may run effects twice in development. Not at all for a learner
    // already verified: an old link from the history has nothing left to do.
    if (started.current || !token || verifiedBefore || state.status === "loading" || alreadyVerified) return;
    started.current = true;
    unwrap(api.POST("/v1/auth/verify-email", { body: { token } }))
      .then(() => {
        setResult({ ok: true });
        navigate("/verify-email", { replace: true, state: { verified: true } });
      })
      .catch((e) => setResult({ ok: false, error: asApiError(e) }));
  }, [token, verifiedBefore, state.status, alreadyVerified, navigate]);

  useEffect(() => {
    if (result?.ok && state.status === "signed-in") void reload().catch(() => undefined);
  }, [result, state.status, reload]);

  return (
    <AuthCard title="Verify your email">
      {!token && !result && !alreadyVerified && (
        <Notice tone="warning">This link has no token. Open the link from the email again.</Notice>
      )}
      {token && !result && !alreadyVerified && <Loading label="Verifying your email…" />}
      {(result?.ok || (alreadyVerified && !result)) && (
        <>
          <Notice tone="success">Your email is verified.</Notice>
          <Link to={state.status === "signed-in" ? "/" : "/sign-in"} className={buttonClass("primary", "w-full")}>
            {state.status === "signed-in" ? "Continue" : "Sign in"}
          </Link>
        </>
      )}
      {result && !result.ok && !alreadyVerified && (
        <>
          <ErrorNotice error={result.error} title="We could not verify your email" />
          <p className="text-sm text-slate-700">
            Links work once, for an hour. Give your email and we send you a new one.
          </p>
          <ResendVerification />
        </>
      )}
    </AuthCard>
  );
}
