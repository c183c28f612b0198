// The app frame: skip link, header with navigation (a menu on phones), the page, and focus moved on every route change.
import { useEffect, useRef, useState } from "react";
import { Link, NavLink, Outlet, useLocation } from "react-router";
import { api, unwrap } from "../api/client";
import { getPreferences } from "../api/preferences";
import { useSession } from "../auth/session";
import { suspensionEnd } from "../lib/moderation";
import { useResource } from "../lib/use-resource";
import { Button } from "./ui";

const SIGNED_IN_LINKS = [
  { to: "/", label: "Home", end: true },
  { to: "/goals", label: "Goals", end: false },
  { to: "/matches", label: "Matches", end: false },
  { to: "/pods", label: "Pods", end: false },
  { to: "/learn", label: "Learn", end: false },
  { to: "/reviews", label: "Reviews", end: false },
  { to: "/progress", label: "Progress", end: false },
  { to: "/ledger", label: "Credit", end: false },
  { to: "/profile", label: "Profile", end: false },
  { to: "/notifications", label: "Notifications", end: false },
  { to: "/privacy", label: "Privacy", end: false },
  { to: "/security", label: "Security", end: false },
  { to: "/account/standing", label: "Standing", end: false },
];

function useRouteFocus() {
  const location = useLocation();
  const first = useRef(true);
  // biome-ignore lint/correctness/useExhaustiveDependencies: a new path is exactly when the page changed.
  useEffect(() => {
    // The page's own <h1> names it: use it for the tab title, and (after the first load) move focus there so a
    // screen reader announces the new page instead of staying on the link that was activated.
    const frame = requestAnimationFrame(() => {
      const title = document.querySelector<HTMLElement>("[data-page-title]");
      document.title = title?.textContent ? `${title.textContent} · Pactly` : "Pactly";
      if (!first.current) (title ?? document.getElementById("main"))?.focus({ preventScroll: false });
      first.current = false;
    });
    return () => cancelAnimationFrame(frame);
  }, [location.pathname]);
}

export function Layout() {
  const { state, signOut } = useSession();
  const [menuOpen, setMenuOpen] = useState(false);
  const location = useLocation();
  useRouteFocus();
  // biome-ignore lint/correctness/useExhaustiveDependencies: closing the menu is the point of following the path.
  useEffect(() => setMenuOpen(false), [location.pathname]);

  const signedIn = state.status === "signed-in";
  const links =
    state.status === "signed-in" && state.me.role === "admin"
      ? [...SIGNED_IN_LINKS, { to: "/admin/matching", label: "Admin", end: false }]
      : SIGNED_IN_LINKS;
  const linkClass = ({ isActive }: { isActive: boolean }) =>
    [
      "block whitespace-nowrap rounded-lg px-3 py-2 text-sm font-medium focus-visible:outline-3 focus-visible:outline-indigo-600 xl:px-2",
      isActive ? "bg-indigo-100 text-indigo-900" : "text-slate-700 hover:bg-slate-100 hover:text-slate-950",
    ].join(" ");

  return (
    <div className="flex min-h-dvh flex-col">
      <a
        href="#main"
        className="sr-only z-50 rounded-lg bg-white px-4 py-2 font-semibold text-indigo-800 focus:not-sr-only focus:fixed focus:left-3 focus:top-3 focus:ring-2 focus:ring-indigo-600"
      >
        Skip to content
      </a>
      <header className="sticky top-0 z-40 border-b border-slate-200 bg-white/95 backdrop-blur">
        <div className="mx-auto flex max-w-6xl items-center justify-between gap-4 px-4 py-2">
          <NavLink
            to="/"
            className="flex shrink-0 items-center gap-2 rounded-lg py-1 font-bold text-indigo-800 focus-visible:outline-3 focus-visible:outline-indigo-600"
          >
            <img src="/icon.svg" alt="" className="size-8" />
            <span className="text-lg">Pactly</span>
          </NavLink>
          {signedIn && (
            <>
              <nav aria-label="Main" className="hidden xl:block">
                <ul className="flex items-center gap-0.5">
                  {links.map((l) => (
                    <li key={l.to}>
                      <NavLink to={l.to} end={l.end} className={linkClass}>
                        {l.label}
                      </NavLink>
                    </li>
                  ))}
                  <li>
                    <Button variant="ghost" className="whitespace-nowrap" onClick={() => void signOut()}>
                      Sign out
                    </Button>
                  </li>
                </ul>
              </nav>
              <Button
                variant="secondary"
                className="xl:hidden"
                aria-expanded={menuOpen}
                aria-controls="mobile-menu"
                onClick={() => setMenuOpen((o) => !o)}
              >
                {menuOpen ? "Close menu" : "Menu"}
              </Button>
            </>
          )}
        </div>
        {signedIn && menuOpen && (
          <nav id="mobile-menu" aria-label="Main" className="border-t border-slate-200 px-4 pb-3 xl:hidden">
            <ul className="grid gap-1 pt-2">
              {links.map((l) => (
                <li key={l.to}>
                  <NavLink to={l.to} end={l.end} className={linkClass}>
                    {l.label}
                  </NavLink>
                </li>
              ))}
              <li>
                <Button variant="ghost" className="w-full justify-start" onClick={() => void signOut()}>
                  Sign out
                </Button>
              </li>
            </ul>
          </nav>
        )}
      </header>
      {state.status === "signed-in" && state.me.status === "suspended" && <SuspendedBanner userId={state.me.id} />}
      <main id="main" tabIndex={-1} className="mx-auto w-full max-w-5xl flex-1 px-4 py-6 focus:outline-none sm:py-10">
        <Outlet />
      </main>
      <footer className="border-t border-slate-200 py-4 text-center text-xs text-slate-600">
        Pactly · learn together, stake on showing up
      </footer>
    </div>
  );
}

/**
 * Shown on every page while the signed-in learner is suspended (the profile says so): until when, in their
 * timezone, what they may still do, and the way to their standing page. A suspension that has run out shows none.
 */
function SuspendedBanner({ userId }: { userId: string }) {
  const standing = useResource(async () => {
    const [mine, prefs] = await Promise.all([unwrap(api.GET("/v1/appeals")), getPreferences().catch(() => null)]);
    return { suspension: mine.suspension, timezone: prefs?.timezone };
  }, [userId]);
  const data = standing.data;
  if (data && !data.suspension) return null;
  const end = data?.suspension ? ` ${suspensionEnd(data.suspension.until, data.timezone)}` : "";
  return (
    <section aria-label="Account suspended" className="border-b border-amber-300 bg-amber-50">
      <p className="mx-auto max-w-5xl px-4 py-3 text-sm text-amber-950">
        <strong>Your account is suspended{end}.</strong> You can still read, appeal, export or delete your data.{" "}
        <Link to="/account/standing" className="font-semibold underline">
          See your standing and appeal
        </Link>
      </p>
    </section>
  );
}
