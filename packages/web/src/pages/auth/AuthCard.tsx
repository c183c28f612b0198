// The narrow centred card the signed-out pages share.
import type { ReactNode } from "react";
import { Card, PageTitle } from "../../components/ui";

export function AuthCard({ title, subtitle, children }: { title: string; subtitle?: ReactNode; children: ReactNode }) {
  return (
    <div className="mx-auto w-full max-w-md">
      <PageTitle subtitle={subtitle}>{title}</PageTitle>
      <Card className="space-y-5">{children}</Card>
    </div>
  );
}
