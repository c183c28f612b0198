// Why a suggested learner fits me, in words: what we share and where we differ, next to the score's breakdown.
import type { Schemas } from "../../api/client";
import { COLLABORATION_STYLES, EXPERIENCE_LEVELS, labelOf } from "../../lib/options";

type Me = Pick<Schemas["WaitlistEntry"], "timezone" | "experienceLevel" | "collaborationStyle">;
type Candidate = Schemas["MatchCandidate"];

export function matchReasons(me: Me, them: Candidate): string[] {
  const level = (l: string) => labelOf(EXPERIENCE_LEVELS, l).toLowerCase();
  const style = (s: string) => labelOf(COLLABORATION_STYLES, s).toLowerCase();
  const overlap = them.score.availabilityOverlap;
  return [
    `You could both meet ${them.meetingTime} your time.`,
    overlap >= 0.99
      ? "Your free hours fit entirely inside each other's."
      : `${Math.round(overlap * 100)}% of the smaller week of free time is shared.`,
    them.timezone === me.timezone
      ? `You are both in ${me.timezone}.`
      : `They are in ${them.timezone}, you in ${me.timezone}.`,
    them.experienceLevel === me.experienceLevel
      ? `You are both ${level(me.experienceLevel)}.`
      : `You are ${level(me.experienceLevel)}, they are ${level(them.experienceLevel)}.`,
    them.collaborationStyle === me.collaborationStyle
      ? `You both like ${style(me.collaborationStyle)} sessions.`
      : `You like ${style(me.collaborationStyle)} sessions, they like ${style(them.collaborationStyle)} ones.`,
  ];
}
