// `/`: one route, two pages — a learner's home when signed in, what Pactly is for a visitor.
import { Navigate } from "react-router";
import { useSession } from "../auth/session";
import { Loading } from "../components/ui";
import { HomePage } from "./HomePage";
import { LandingPage } from "./LandingPage";

/** `/`: the home page for a signed-in learner, the landing page for a visitor (after an erasure: sign-in says so). */
export function HomeOrLanding() {
  const { state } = useSession();
  if (state.status === "loading") return <Loading label="Signing you in…" />;
  if (state.status === "signed-in") return <HomePage />;
  if (state.reason) return <Navigate to="/sign-in" replace />;
  return <LandingPage />;
}
