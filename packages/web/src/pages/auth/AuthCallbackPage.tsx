// Where the API's OAuth callback sends the browser back: the refresh cookie is set, so trade it for a session.
import { useEffect, useRef, useState } from "react";
import { Link, useNavigate, useSearchParams } from "react-router";
import { getAccessToken, refreshAccessToken } from "../../api/client";
import { ApiError } from "../../api/errors";
import { takeRememberedNextPath } from "../../auth/guards";
import { useSession } from "../../auth/session";
import { ErrorNotice, Loading } from "../../components/ui";
import { AuthCard } from "./AuthCard";

/** What the API's `?error=` codes mean for the person who just tried to sign in. */
const OAUTH_FAILURES: Record<string, string> = {
  "auth.oauth_state_invalid": "The sign-in was not started in this browser, or took too long. Please try again.",
  "auth.oauth_denied": "The sign-in was cancelled at the provider.",
  "auth.oauth_email_unverified": "The provider has not verified your email address, so it cannot sign you in here.",
  "account.suspended": "This account is suspended.",
};

export function AuthCallbackPage() {
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const { signIn } = useSession();
  const [error, setError] = useState<ApiError | null>(null);
  const started = useRef(false);

  useEffect(() => {
    if (started.current) return;
    started.current = true;
    const failure = params.get("error");
    if (failure) {
      setError(
        new ApiError(400, failure, OAUTH_FAILURES[failure] ?? "Signing in with that provider did not work.", null),
      );
      return;
    }
    const next = takeRememberedNextPath();
    void (async () => {
      const token = (await refreshAccessToken()) ? getAccessToken() : null;
      if (!token) {
        setError(new ApiError(401, "auth.callback_failed", "Signing in did not finish. Please try again.", null));
        return;
      }
      await signIn(token);
      navigate(next, { replace: true });
    })();
  }, [params, navigate, signIn]);

  return (
    <AuthCard title="Signing you in">
      {error ? (
        <>
          <ErrorNotice error={error} />
          <Link to="/sign-in" className="text-sm font-medium text-indigo-800 underline">
            Back to sign in
          </Link>
        </>
      ) : (
        <Loading label="Finishing sign-in…" />
      )}
    </AuthCard>
  );
}
