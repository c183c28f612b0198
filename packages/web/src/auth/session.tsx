// Who is signed in: restores the session from the refresh cookie on load, and follows sign-in and sign-out.
import { createContext, type ReactNode, useCallback, useContext, useEffect, useMemo, useState } from "react";
import {
  api,
  onAccessTokenChange,
  onAccountSuspended,
  refreshAccessToken,
  type Schemas,
  setAccessToken,
  unwrap,
} from "../api/client";
import { clearDrafts } from "../lib/draft";

export type Me = Schemas["Profile"];

/** Why a session ended, when the sign-in page should say so. */
export type EndReason = "deleted" | "expired";

type State = { status: "loading" } | { status: "signed-out"; reason?: EndReason } | { status: "signed-in"; me: Me };

interface Session {
  state: State;
  /** After a login / OAuth landing: keep the token, and the profile (loaded when not given). */
  signIn(accessToken: string, user?: Me): Promise<Me>;
  signOut(): Promise<void>;
  /** Re-reads GET /v1/me, e.g. after the profile changed. */
  reload(): Promise<void>;
  /** After an erasure: forget everything without calling logout (the account is gone). */
  forget(reason: EndReason): void;
}

const SessionContext = createContext<Session | null>(null);

const loadMe = () => unwrap(api.GET("/v1/me"));

export function SessionProvider({ children }: { children: ReactNode }) {
  const [state, setState] = useState<State>({ status: "loading" });

  useEffect(() => {
    let cancelled = false;
    // A reload starts with no token in memory: the refresh cookie, if any, brings the session back.
    void (async () => {
      const restored = await refreshAccessToken();
      const me = restored ? await loadMe().catch(() => null) : null;
      if (!cancelled) setState(me ? { status: "signed-in", me } : { status: "signed-out" });
    })();
    // A refresh that fails later (cookie expired or revoked) ends the session everywhere in the app.
    const stop = onAccessTokenChange((token) => {
      if (token === null) setState((s) => (s.status === "signed-in" ? { status: "signed-out", reason: "expired" } : s));
    });
    // A write refused as suspended while the profile still says active: read the profile again, so the
    // suspension notice shows on every page from now on.
    const stopSuspended = onAccountSuspended(() => {
      void loadMe()
        .then((me) => setState((s) => (s.status === "signed-in" && s.me.status !== me.status ? { ...s, me } : s)))
        .catch(() => undefined);
    });
    return () => {
      cancelled = true;
      stop();
      stopSuspended();
    };
  }, []);

  const signIn = useCallback(async (accessToken: string, user?: Me) => {
    setAccessToken(accessToken);
    const me = user ?? (await loadMe());
    setState({ status: "signed-in", me });
    return me;
  }, []);

  const signOut = useCallback(async () => {
    await api.POST("/v1/auth/logout").catch(() => undefined);
    clearDrafts();
    setAccessToken(null);
    setState({ status: "signed-out" });
  }, []);

  const reload = useCallback(async () => {
    const me = await loadMe();
    setState({ status: "signed-in", me });
  }, []);

  const forget = useCallback((reason: EndReason) => {
    setState({ status: "signed-out", reason });
    clearDrafts();
    setAccessToken(null);
  }, []);

  const value = useMemo(() => ({ state, signIn, signOut, reload, forget }), [state, signIn, signOut, reload, forget]);
  return <SessionContext.Provider value={value}>{children}</SessionContext.Provider>;
}

export function useSession(): Session {
  const s = useContext(SessionContext);
  if (!s) throw new Error("useSession must be used inside <SessionProvider>.");
  return s;
}

/** The signed-in user; only for pages behind <RequireSignIn>. */
export function useMe(): Me {
  const { state } = useSession();
  if (state.status !== "signed-in") throw new Error("useMe needs a signed-in session.");
  return state.me;
}
