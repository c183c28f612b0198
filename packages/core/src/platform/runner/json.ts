// Comparing a learner's answer with a test's expected value, whichever sandbox produced it.

/**
 * JSON with object keys sorted at every level, so answers compare by value, whatever order the learner built them
 * in. The expected value goes through JSON first, as the answer did (undefined members dropped, NaN to null).
 */
export function canonicalJson(value: unknown): string | undefined {
  const text = JSON.stringify(value);
  return text === undefined ? undefined : JSON.stringify(sortKeys(JSON.parse(text)));
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (value !== null && typeof value === "object") {
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(value).sort()) sorted[key] = sortKeys((value as Record<string, unknown>)[key]);
    return sorted;
  }
  return value;
}
