// The search indexes a function holds in memory, by track; a publish in this process forgets its track's at once
// (other processes' copies age out within a minute).
export const searchCaches = {
  lexical: new Map<string, { at: number; docs: unknown[]; index: unknown }>(),
  vector: new Map<string, { at: number; index: unknown }>(),
};

export function forgetSearchCache(track: string): void {
  searchCaches.lexical.delete(track);
  searchCaches.vector.delete(track);
}
