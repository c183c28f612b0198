// The server's limits on what a learner types, so a field stops where the API would refuse (checked against the
// OpenAPI document by packages/functions/test/api/web-limits.test.ts).
export const LIMITS = {
  name: { max: 80 },
  password: { min: 10, max: 256 },
  bio: { max: 500 },
  goalTitle: { max: 120 },
  goalDescription: { max: 2000 },
  checkinText: { max: 280 },
  tutorMessage: { max: 2000 },
  tutorAnswer: { max: 20_000 },
  submissionCode: { max: 20_000 },
} as const;
