import {
  BellRingIcon,
  BracesIcon,
  KeyRoundIcon,
  LayoutDashboardIcon,
  type LucideIcon,
  PackageCheckIcon,
  ScrollTextIcon,
  SendIcon,
  SettingsIcon,
  ShieldCheckIcon,
  UsersIcon,
  UsersRoundIcon,
} from "lucide-react";

export type TNavItem = { href: string; label: string; icon: LucideIcon };
export type TNavSection = { label: string | null; items: TNavItem[] };

/** The admin sidebar, in authentik's order. Pages just have to exist at these URLs. */
export const ADMIN_NAV: TNavSection[] = [
  { label: null, items: [{ href: "/", label: "Dashboard", icon: LayoutDashboardIcon }] },
  {
    label: "Events",
    items: [
      { href: "/events", label: "Logs", icon: ScrollTextIcon },
      { href: "/events/rules", label: "Notification Rules", icon: BellRingIcon },
      { href: "/events/transports", label: "Notification Transports", icon: SendIcon },
      { href: "/events/deliveries", label: "Deliveries", icon: PackageCheckIcon },
    ],
  },
  {
    label: "Customization",
    items: [
      { href: "/customization/policies", label: "Policies", icon: ShieldCheckIcon },
      { href: "/customization/mappings", label: "Property Mappings", icon: BracesIcon },
    ],
  },
  {
    label: "Directory",
    items: [
      { href: "/directory/users", label: "Users", icon: UsersIcon },
      { href: "/directory/groups", label: "Groups", icon: UsersRoundIcon },
      { href: "/directory/tokens", label: "Tokens", icon: KeyRoundIcon },
    ],
  },
  { label: "System", items: [{ href: "/system/settings", label: "Settings", icon: SettingsIcon }] },
];

/** The most specific nav entry that contains the path ("/events/rules" beats "/events"). */
export function activeHref(pathname: string, sections: TNavSection[] = ADMIN_NAV): string | null {
  const hrefs = sections.flatMap((section) => section.items.map((item) => item.href));
  const matches = hrefs.filter((href) =>
    href === "/" ? pathname === "/" : pathname === href || pathname.startsWith(`${href}/`),
  );
  return matches.sort((a, b) => b.length - a.length)[0] ?? null;
}
