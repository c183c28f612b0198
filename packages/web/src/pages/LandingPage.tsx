// What a signed-out visitor sees at `/`: what Pactly is and how a sprint works, with sign-up and sign-in.
import { Link } from "react-router";
import { buttonClass, Card, PageTitle } from "../components/ui";

const STEPS = [
  {
    title: "Pick a sprint",
    text: "A few weeks of practice toward one goal: a fitness habit, or learning to prompt LLMs and write small programs around them.",
  },
  {
    title: "Join a pod",
    text: "We match you with 3–5 people who share your hours, your language and your way of working. You say yes before anything starts.",
  },
  {
    title: "Put down a deposit, earn it back",
    text: "A refundable deposit keeps everyone showing up. You get it back in proportion to the sessions you keep.",
  },
  {
    title: "Meet every week",
    text: "Short video sessions at your pod's time, in your own timezone. An AI coach prepares the agenda and sums up each one; you check in with proof of effort.",
  },
  {
    title: "Practise between sessions",
    text: "A tutor asks questions instead of handing out answers, with hints that go one step at a time and reviews spaced so things stick.",
  },
];

export function LandingPage() {
  return (
    <div className="mx-auto max-w-3xl space-y-8">
      <PageTitle subtitle="Learn together, stake on showing up. Pactly puts you in a small pod that meets every week, and pays your deposit back as you keep your sessions.">
        Learn with a pod that shows up
      </PageTitle>
      <div className="flex flex-wrap gap-3">
        <Link to="/sign-up" className={buttonClass("primary")}>
          Create an account
        </Link>
        <Link to="/sign-in" className={buttonClass("secondary")}>
          Sign in
        </Link>
      </div>
      <section aria-labelledby="how-heading" className="space-y-3">
        <h2 id="how-heading" className="text-xl font-bold">
          How a sprint works
        </h2>
        <ol className="grid gap-3 sm:grid-cols-2">
          {STEPS.map((s, i) => (
            <li key={s.title}>
              <Card className="h-full space-y-1">
                <p className="text-sm font-medium text-indigo-800">Step {i + 1}</p>
                <h3 className="font-bold">{s.title}</h3>
                <p className="text-sm text-slate-700">{s.text}</p>
              </Card>
            </li>
          ))}
        </ol>
      </section>
    </div>
  );
}
