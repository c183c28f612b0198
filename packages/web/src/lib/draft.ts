// Form input not saved yet, kept in this tab's session storage so a reload (or Back and Forward) does not lose it.
import { useCallback, useEffect, useState } from "react";

const PREFIX = "pactly.draft.";

function read<T>(key: string): T | undefined {
  try {
    const raw = sessionStorage.getItem(PREFIX + key);
    return raw === null ? undefined : (JSON.parse(raw) as T);
  } catch {
    return undefined;
  }
}

/**
 * Like useState, but the value is also written to session storage under `key` and read back on the next mount.
 * `clear()` forgets it (call it once the input is saved). Values must survive JSON.
 */
export function useDraft<T>(key: string, initial: () => T): [T, (value: T) => void, () => void] {
  const [value, setValue] = useState<T>(() => read<T>(key) ?? initial());
  const [dirty, setDirty] = useState(false);
  useEffect(() => {
    if (!dirty) return;
    try {
      sessionStorage.setItem(PREFIX + key, JSON.stringify(value));
    } catch {
      // Storage full or refused (private mode): the draft only lives in memory then.
    }
  }, [key, value, dirty]);
  const set = useCallback((next: T) => {
    setDirty(true);
    setValue(next);
  }, []);
  const clear = useCallback(() => {
    setDirty(false);
    sessionStorage.removeItem(PREFIX + key);
  }, [key]);
  return [value, set, clear];
}

/** Forgets every draft (on sign-out: the next person on this device must not see them). */
export function clearDrafts() {
  for (const key of Object.keys(sessionStorage)) if (key.startsWith(PREFIX)) sessionStorage.removeItem(key);
}
