// Any path the app does not know.
import { Link } from "react-router";
import { buttonClass, PageTitle } from "../components/ui";

export function NotFoundPage() {
  return (
    <div className="mx-auto max-w-md">
      <PageTitle subtitle="The page you asked for is not here. It may have moved, or the link may be incomplete.">
        Page not found
      </PageTitle>
      <Link to="/" className={buttonClass("primary")}>
        Go to the home page
      </Link>
    </div>
  );
}
