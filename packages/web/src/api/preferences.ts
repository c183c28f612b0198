// Preferences are replaced whole (PUT): read them, change a part, send the set back.
import { api, type Schemas, unwrap } from "./client";

export type Preferences = Schemas["Preferences"];
export type PreferencesInput = Schemas["PreferencesInput"];

export const getPreferences = () => unwrap(api.GET("/v1/me/preferences"));

export async function updatePreferences(change: Partial<PreferencesInput>): Promise<Preferences> {
  const { updatedAt: _unsent, ...current } = await getPreferences();
  return unwrap(api.PUT("/v1/me/preferences", { body: { ...current, ...change } }));
}
