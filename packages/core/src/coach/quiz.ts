// A session's quiz into a member's reviews: each item becomes a recall card through the same path as a lesson's key
// points, once per item of a version (adding it again makes no new card).
import type { Actor } from "../access/index.js";
import type { PublishedLesson } from "../content/index.js";
import { conflict, type Platform } from "../platform/index.js";
import { addKeyPointCards, type KeyPointCards } from "../srs/index.js";
import { latestVersion, loadCoachSession } from "./context.js";

export async function addQuizToReviews(p: Platform, actor: Actor, sessionId: string): Promise<KeyPointCards> {
  const cs = await loadCoachSession(p, actor, sessionId);
  const latest = await latestVersion(p, sessionId);
  if (!latest?.quiz?.items.length) throw conflict("coach.no_quiz", "This session's coach document has no quiz yet.");
  const { getSprintType } = await import("../catalog/index.js");
  const track = await getSprintType(p, cs.roster.pod.sprintType).then(
    (t) => t.contentTrack,
    () => cs.roster.pod.sprintType,
  );
  // The quiz as a lesson of key points: the card path is the lessons', the cards' ids name the session's version.
  const lesson = {
    id: `coach-${sessionId}-v${latest.docVersion}`,
    track,
    title: `Session ${cs.session.number}: ${latest.quiz.topic}`.slice(0, 200),
    keyPoints: latest.quiz.items.map((i) => ({ prompt: i.question.slice(0, 300), answer: i.answer })),
  } as unknown as PublishedLesson;
  return addKeyPointCards(p, actor.userId, lesson);
}
