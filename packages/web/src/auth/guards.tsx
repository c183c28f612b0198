// Route guards: pages for signed-in users send others to sign in (and back afterwards), and the other way round.
import { Navigate, Outlet, useLocation, useSearchParams } from "react-router";
import { Loading } from "../components/ui";
import { useSession } from "./session";

export function RequireSignIn() {
  const { state } = useSession();
  const location = useLocation();
  if (state.status === "loading") return <Loading label="Signing you in…" />;
  if (state.status === "signed-out") {
    const next = location.pathname + location.search;
    // After an erasure there is nothing to come back to.
    const back = next !== "/" && state.reason !== "deleted";
    return <Navigate to={back ? `/sign-in?next=${encodeURIComponent(next)}` : "/sign-in"} replace />;
  }
  return <Outlet />;
}

/** Where to go after signing in: the page that asked for it, if it is one of ours. */
export function useNextPath(): string {
  const [params] = useSearchParams();
  const next = params.get("next");
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export function RedirectIfSignedIn() {
  const { state } = useSession();
  const next = useNextPath();
  if (state.status === "loading") return <Loading />;
  if (state.status === "signed-in") return <Navigate to={next} replace />;
  return <Outlet />;
}

const NEXT_KEY = "pactly.next";

/** Before leaving for an OAuth provider: where to continue once back (a path, nothing secret). */
export function rememberNextPath(next: string) {
  sessionStorage.setItem(NEXT_KEY, next);
}

/** Once back from the provider: the remembered path, read once. */
export function takeRememberedNextPath(): string {
  const next = sessionStorage.getItem(NEXT_KEY);
  sessionStorage.removeItem(NEXT_KEY);
  return next?.startsWith("/") && !next.startsWith("//") ? next : "/";
}
