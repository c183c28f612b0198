// The route table: signed-out pages, pages any visitor may open from an email, and the signed-in app.
import type { ComponentType } from "react";
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { RedirectIfSignedIn, RequireSignIn } from "./auth/guards";
import { SessionProvider } from "./auth/session";
import { Layout } from "./components/Layout";
import { NotFoundPage } from "./pages/NotFoundPage";

/**
 * A route whose page is its own chunk, fetched on first visit: the router loads it before it changes the location,
 * so the page (and its <h1>, which the layout moves focus to) is there when the new path is shown.
 */
const page =
  <K extends string>(load: () => Promise<Record<K, ComponentType>>, name: K) =>
  async () => ({ Component: (await load())[name] });

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: "sign-in", lazy: page(() => import("./pages/auth/SignInPage"), "SignInPage") },
          { path: "sign-up", lazy: page(() => import("./pages/auth/SignUpPage"), "SignUpPage") },
          { path: "forgot-password", lazy: page(() => import("./pages/auth/PasswordPages"), "ForgotPasswordPage") },
        ],
      },
      // The home page when signed in; what Pactly is when not.
      { index: true, lazy: page(() => import("./pages/HomeOrLanding"), "HomeOrLanding") },
      // Opened from emails or the OAuth provider, signed in or not.
      { path: "verify-email", lazy: page(() => import("./pages/auth/VerifyEmailPage"), "VerifyEmailPage") },
      { path: "reset-password", lazy: page(() => import("./pages/auth/PasswordPages"), "ResetPasswordPage") },
      {
        path: "confirm-email-change",
        lazy: page(() => import("./pages/settings/SecurityPage"), "ConfirmEmailChangePage"),
      },
      { path: "auth/callback", lazy: page(() => import("./pages/auth/AuthCallbackPage"), "AuthCallbackPage") },
      {
        element: <RequireSignIn />,
        children: [
          {
            path: "onboarding/:step?",
            lazy: page(() => import("./pages/onboarding/OnboardingPage"), "OnboardingPage"),
          },
          { path: "profile", lazy: page(() => import("./pages/settings/ProfilePage"), "ProfilePage") },
          { path: "privacy", lazy: page(() => import("./pages/settings/PrivacyPage"), "PrivacyPage") },
          { path: "security", lazy: page(() => import("./pages/settings/SecurityPage"), "SecurityPage") },
          {
            path: "notifications",
            lazy: page(() => import("./pages/settings/NotificationsPage"), "NotificationsPage"),
          },
          {
            path: "account/standing",
            lazy: page(() => import("./pages/settings/StandingPage"), "StandingPage"),
          },
          { path: "goals", lazy: page(() => import("./pages/goals/GoalsPage"), "GoalsPage") },
          { path: "goals/new", lazy: page(() => import("./pages/goals/GoalEditPage"), "GoalEditPage") },
          { path: "goals/:goalId", lazy: page(() => import("./pages/goals/GoalEditPage"), "GoalEditPage") },
          { path: "matches", lazy: page(() => import("./pages/matching/MatchesPage"), "MatchesPage") },
          { path: "pods", lazy: page(() => import("./pages/matching/PodsPage"), "PodsPage") },
          { path: "pods/:podId", lazy: page(() => import("./pages/matching/PodPage"), "PodPage") },
          { path: "ledger", lazy: page(() => import("./pages/payments/LedgerPage"), "LedgerPage") },
          { path: "sessions/:sessionId", lazy: page(() => import("./pages/sessions/SessionPage"), "SessionPage") },
          { path: "learn", lazy: page(() => import("./pages/learn/LearnPage"), "LearnPage") },
          { path: "learn/sessions/:id", lazy: page(() => import("./pages/learn/TutorPage"), "TutorPage") },
          { path: "learn/lessons/:id", lazy: page(() => import("./pages/learn/LessonPage"), "LessonPage") },
          { path: "reviews", lazy: page(() => import("./pages/learn/ReviewsPage"), "ReviewsPage") },
          { path: "progress", lazy: page(() => import("./pages/learn/ProgressPage"), "ProgressPage") },
          { path: "admin/matching", lazy: page(() => import("./pages/admin/AdminMatchingPage"), "AdminMatchingPage") },
          { path: "admin/content", lazy: page(() => import("./pages/admin/AdminContentPage"), "AdminContentPage") },
          { path: "admin/metrics", lazy: page(() => import("./pages/admin/AdminMetricsPage"), "AdminMetricsPage") },
          {
            path: "admin/moderation",
            lazy: page(() => import("./pages/admin/AdminModerationPage"), "AdminModerationPage"),
          },
        ],
      },
      { path: "*", element: <NotFoundPage /> },
    ],
  },
]);

export function App() {
  return (
    <SessionProvider>
      <RouterProvider router={router} />
    </SessionProvider>
  );
}
