// Per-learner suggestions: the k most compatible learners of the same language who share a session slot with them.

import { badRequest } from "../platform/errors.js";
import { z } from "../platform/schema.js";
import { intersectsSparse, WORDS } from "./bitset.js";
import { buildNeighbours } from "./candidates.js";
import { pairOverall, pairScore } from "./compatibility.js";
import { type MatchingSignals, type Suggestion, SuggestionOptions, type SuggestionOptionsInput } from "./model.js";
import { languagePools } from "./outcome.js";
import { compilePool, type Pool } from "./pool.js";
import { assertSnapshots } from "./signals.js";
import { chooseSlot, commonStartMask } from "./slots.js";

function parseOptions(input: SuggestionOptionsInput): SuggestionOptions {
  const parsed = SuggestionOptions.safeParse(input);
  if (!parsed.success) throw badRequest("matching.invalid_options", z.prettifyError(parsed.error));
  return parsed.data;
}

const pairMask = new Uint32Array(WORDS);

function suggestion(pool: Pool, i: number, j: number): Suggestion {
  const pair = [i, j];
  return {
    userId: pool.signals[j]!.userId,
    score: pairScore(pool, i, j),
    slot: chooseSlot(pool, pair, commonStartMask(pool, pair, pairMask))!,
  };
}

/**
 * Ranks `candidates` for `user`: same language, a shared slot of the session length, best overall score first
 * (ties by userId). Serves a learner's suggestions from candidates read in one query.
 */
export function rankCandidates(
  user: MatchingSignals,
  candidates: readonly MatchingSignals[],
  options: SuggestionOptionsInput = {},
): Suggestion[] {
  const opts = parseOptions(options);
  const all = [user, ...candidates.filter((c) => c.userId !== user.userId)];
  assertSnapshots(all);
  const pool = compilePool(all, opts.sessionMinutes);
  const ranked: { j: number; s: number }[] = [];
  for (let j = 1; j < pool.n; j++) {
    if (pool.language[j] !== pool.language[0]) continue;
    if (!intersectsSparse(pool.start, 0, pool.startOcc[0]!, pool.start, j * WORDS, pool.startOcc[j]!)) continue;
    ranked.push({ j, s: pairOverall(pool, 0, j) });
  }
  ranked.sort((a, b) => b.s - a.s || (pool.signals[a.j]!.userId < pool.signals[b.j]!.userId ? -1 : 1));
  return ranked.slice(0, opts.k).map(({ j }) => suggestion(pool, 0, j));
}

/**
 * Precomputes every learner's suggestions for a whole waitlist, with the same near-linear candidate search as
 * pod formation (exhaustive for pools up to 1,500 learners of a language). Learners in userId order.
 */
export function buildSuggestions(
  snapshots: readonly MatchingSignals[],
  options: SuggestionOptionsInput = {},
): { userId: string; suggestions: Suggestion[] }[] {
  const opts = parseOptions(options);
  const out: { userId: string; suggestions: Suggestion[] }[] = [];
  for (const [, members] of languagePools(snapshots)) {
    const pool = compilePool(members, opts.sessionMinutes);
    const nb = buildNeighbours(pool, opts.k);
    for (let i = 0; i < pool.n; i++) {
      const suggestions: Suggestion[] = [];
      for (let q = i * nb.k; q < (i + 1) * nb.k; q++) {
        const j = nb.idx[q]!;
        if (j < 0) break;
        suggestions.push(suggestion(pool, i, j));
      }
      out.push({ userId: pool.signals[i]!.userId, suggestions });
    }
  }
  return out.sort((a, b) => (a.userId < b.userId ? -1 : 1));
}
