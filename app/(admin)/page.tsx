import { KeyRoundIcon, LayoutDashboardIcon, ScrollTextIcon, UsersIcon, UsersRoundIcon } from "lucide-react";
import Link from "next/link";
import { Card, CardContent, CardHeader } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { dashboardStats } from "@/lib/dashboard/stats";

export const dynamic = "force-dynamic";

export default async function DashboardPage() {
  const actor = await requireAdminPage();
  const stats = await dashboardStats(await getDb());
  const cards = [
    { label: "Events (24 h)", value: stats.events24h, href: "/events", icon: ScrollTextIcon },
    {
      label: "Users",
      value: stats.users,
      note: `${stats.activeUsers} active`,
      href: "/directory/users",
      icon: UsersIcon,
    },
    { label: "Groups", value: stats.groups, href: "/directory/groups", icon: UsersRoundIcon },
    { label: "Active API tokens", value: stats.activeTokens, href: "/directory/tokens", icon: KeyRoundIcon },
  ];
  return (
    <>
      <PageHeader icon={<LayoutDashboardIcon />} title="Dashboard" description={`Welcome back, ${actor.username}.`} />
      <div className="grid gap-4 sm:grid-cols-2 xl:grid-cols-4">
        {cards.map((card) => (
          <Link key={card.label} href={card.href} className="group rounded-lg focus-visible:outline-2">
            <Card className="h-full transition-colors group-hover:border-primary/50">
              <CardHeader className="flex-row items-center justify-between pb-2">
                <span className="text-sm font-medium text-muted-foreground">{card.label}</span>
                <card.icon className="size-4 text-muted-foreground" />
              </CardHeader>
              <CardContent>
                <p className="text-3xl font-semibold tabular-nums" data-testid={`stat-${card.label}`}>
                  {card.value.toLocaleString()}
                </p>
                {card.note && <p className="mt-1 text-xs text-muted-foreground">{card.note}</p>}
              </CardContent>
            </Card>
          </Link>
        ))}
      </div>
    </>
  );
}
