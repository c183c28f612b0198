// The links between the admin pages, on each of them: every admin page but the one shown.
import { Link } from "react-router";

const PAGES = [
  { to: "/admin/matching", label: "Matching: waitlists and pods" },
  { to: "/admin/content", label: "Content: questions, lessons and packs" },
  { to: "/admin/metrics", label: "Metrics: active learners, sessions, payments" },
  { to: "/admin/moderation", label: "Moderation: reports, appeals, audit trail" },
] as const;

export function AdminLinks({ current }: { current: (typeof PAGES)[number]["to"] }) {
  return (
    <p className="flex flex-wrap gap-x-4 text-sm">
      {PAGES.filter((page) => page.to !== current).map((page) => (
        <Link key={page.to} to={page.to} className="text-indigo-800 underline">
          {page.label}
        </Link>
      ))}
    </p>
  );
}
