// The route table: signed-out pages, pages any visitor may open from an email, and the signed-in app.
import { createBrowserRouter } from "react-router";
import { RouterProvider } from "react-router/dom";
import { RedirectIfSignedIn, RequireSignIn } from "./auth/guards";
import { SessionProvider } from "./auth/session";
import { Layout } from "./components/Layout";
import { AdminMatchingPage } from "./pages/admin/AdminMatchingPage";
import { AuthCallbackPage } from "./pages/auth/AuthCallbackPage";
import { ForgotPasswordPage, ResetPasswordPage } from "./pages/auth/PasswordPages";
import { SignInPage } from "./pages/auth/SignInPage";
import { SignUpPage } from "./pages/auth/SignUpPage";
import { VerifyEmailPage } from "./pages/auth/VerifyEmailPage";
import { GoalEditPage } from "./pages/goals/GoalEditPage";
import { GoalsPage } from "./pages/goals/GoalsPage";
import { HomePage } from "./pages/HomePage";
import { MatchesPage } from "./pages/matching/MatchesPage";
import { PodPage } from "./pages/matching/PodPage";
import { PodsPage } from "./pages/matching/PodsPage";
import { NotFoundPage } from "./pages/NotFoundPage";
import { OnboardingPage } from "./pages/onboarding/OnboardingPage";
import { PrivacyPage } from "./pages/settings/PrivacyPage";
import { ProfilePage } from "./pages/settings/ProfilePage";

const router = createBrowserRouter([
  {
    element: <Layout />,
    children: [
      {
        element: <RedirectIfSignedIn />,
        children: [
          { path: "sign-in", element: <SignInPage /> },
          { path: "sign-up", element: <SignUpPage /> },
          { path: "forgot-password", element: <ForgotPasswordPage /> },
        ],
      },
      // Opened from emails or the OAuth provider, signed in or not.
      { path: "verify-email", element: <VerifyEmailPage /> },
      { path: "reset-password", element: <ResetPasswordPage /> },
      { path: "auth/callback", element: <AuthCallbackPage /> },
      {
        element: <RequireSignIn />,
        children: [
          { index: true, element: <HomePage /> },
          { path: "onboarding/:step?", element: <OnboardingPage /> },
          { path: "profile", element: <ProfilePage /> },
          { path: "privacy", element: <PrivacyPage /> },
          { path: "goals", element: <GoalsPage /> },
          { path: "goals/new", element: <GoalEditPage /> },
          { path: "goals/:goalId", element: <GoalEditPage /> },
          { path: "matches", element: <MatchesPage /> },
          { path: "pods", element: <PodsPage /> },
          { path: "pods/:podId", element: <PodPage /> },
          { path: "admin/matching", element: <AdminMatchingPage /> },
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
