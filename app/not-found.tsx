import { ArrowLeftIcon, MapPinOffIcon } from "lucide-react";
import type { Metadata } from "next";
import Link from "next/link";
import { StandalonePage, StatusPanel } from "@/components/layout/status-panel";
import { Button } from "@/components/ui/button";

export const metadata: Metadata = { title: "Page not found · Herald" };

/** Unknown paths land here, outside any chrome: the visitor may not be signed in. */
export default function NotFound() {
  return (
    <StandalonePage>
      <StatusPanel
        icon={<MapPinOffIcon />}
        title="Page not found"
        description="There is no page at this address. Check the link, or start again from your home page."
      >
        {/* /welcome sends administrators to the dashboard, everyone else to their account, visitors to sign-in. */}
        <Button asChild>
          <Link href="/welcome">
            <ArrowLeftIcon /> Go home
          </Link>
        </Button>
      </StatusPanel>
    </StandalonePage>
  );
}
