import { ArrowLeftIcon, SearchXIcon } from "lucide-react";
import Link from "next/link";
import { Button } from "@/components/ui/button";
import { StatusPanel } from "./status-panel";

/** What a segment's not-found.tsx shows: which kind of object is missing, and the list to go back to. */
export function NotFoundPanel({
  title,
  description,
  href,
  linkLabel,
}: {
  title: string;
  description: string;
  href: string;
  linkLabel: string;
}) {
  return (
    <StatusPanel icon={<SearchXIcon />} title={title} description={description}>
      <Button variant="outline" asChild>
        <Link href={href}>
          <ArrowLeftIcon /> {linkLabel}
        </Link>
      </Button>
    </StatusPanel>
  );
}
