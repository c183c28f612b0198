// Placeholder until the matching routes land.
import { PageTitle } from "../../components/ui";

export function PodsPage() {
  return <PageTitle>PodsPage</PageTitle>;
}
