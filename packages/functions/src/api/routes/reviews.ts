// /v1/reviews: spaced-repetition reviews. The due cards (up to today's cap), a grade, and undoing the last grade.
import { createRoute, OpenAPIHono, z } from "@hono/zod-openapi";
import type { Platform } from "@pactly/core/platform";
import {
  addLessonKeyPoints,
  DueReviews,
  dueReviews,
  GradeInput,
  gradeCard,
  KeyPointCards,
  ReviewCard,
  undoReview,
} from "@pactly/core/srs";
import { type AppEnv, requireActor } from "../env.js";
import { bearer, body, errors, json } from "../openapi.js";

const tags = ["Tutor and content"];
const CardParam = z.object({ cardId: z.string().min(1).max(100) });

export function reviewRoutes(p: Platform) {
  const app = new OpenAPIHono<AppEnv>();
  app.openapi(
    createRoute({
      method: "get",
      path: "/reviews/due",
      tags,
      summary: "My review cards due now, soonest first, up to what is left of today's cap",
      security: bearer,
      responses: { 200: json(DueReviews, "The due cards"), ...errors(401) },
    }),
    async (c) => c.json((await dueReviews(p, requireActor(c).userId)) as never, 200),
  );
  // Before `/reviews/{cardId}`, which would take "key-points" for a card id.
  app.openapi(
    createRoute({
      method: "post",
      path: "/reviews/key-points",
      tags,
      summary: "Add a lesson's key points to my reviews: each comes back for recall from tomorrow (once per lesson)",
      security: bearer,
      request: body(z.strictObject({ lessonId: z.string().min(1).max(80) }).openapi("KeyPointsInput")),
      responses: { 200: json(KeyPointCards, "The lesson's key points in my reviews"), ...errors(400, 401, 404) },
    }),
    async (c) => c.json(await addLessonKeyPoints(p, requireActor(c).userId, c.req.valid("json").lessonId), 200),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/reviews/{cardId}",
      tags,
      summary: "Grade a card (again, hard, good, easy); it is scheduled with my algorithm (FSRS or SM-2)",
      security: bearer,
      request: { params: CardParam, ...body(GradeInput) },
      responses: {
        200: json(ReviewCard, "The card, due again when its algorithm says"),
        ...errors(400, 401, 404, 409),
      },
    }),
    async (c) =>
      c.json(
        (await gradeCard(p, requireActor(c).userId, c.req.valid("param").cardId, c.req.valid("json").grade)) as never,
        200,
      ),
  );
  app.openapi(
    createRoute({
      method: "post",
      path: "/reviews/{cardId}/undo",
      tags,
      summary: "Undo the card's last grade",
      security: bearer,
      request: { params: CardParam },
      responses: { 200: json(ReviewCard, "The card as it was"), ...errors(400, 401, 404, 409) },
    }),
    async (c) => c.json((await undoReview(p, requireActor(c).userId, c.req.valid("param").cardId)) as never, 200),
  );
  return app;
}
