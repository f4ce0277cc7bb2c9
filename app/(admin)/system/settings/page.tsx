import { GlobeIcon, SettingsIcon } from "lucide-react";
import { KeyValues } from "@/components/events/key-values";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { PageHeader } from "@/components/ui/page-header";
import { StatusBadge } from "@/components/ui/status-badge";
import { getDb } from "@/db/client";
import { requireAdminPage } from "@/lib/auth/page-guards";
import { geoCapabilities } from "@/lib/geoip/databases";
import { readSettings } from "@/lib/settings/queries";
import { SettingsForm } from "./settings-form";

export const dynamic = "force-dynamic";

export default async function SettingsPage() {
  await requireAdminPage();
  const [settings, geo] = await Promise.all([readSettings(await getDb()), geoCapabilities()]);
  return (
    <>
      <PageHeader
        icon={<SettingsIcon />}
        title="Settings"
        description="System-wide settings. Every change is recorded in the event log."
      />
      <div className="grid gap-6 lg:grid-cols-3">
        <div className="lg:col-span-2">
          <SettingsForm settings={settings} />
        </div>
        <Card>
          <CardHeader>
            <CardTitle className="flex items-center gap-2">
              <GlobeIcon className="size-4" /> GeoIP enrichment
            </CardTitle>
            <CardDescription>
              Location and network of public client IPs, added to each event&apos;s context.
            </CardDescription>
          </CardHeader>
          <CardContent className="grid gap-4">
            <KeyValues
              rows={[
                [
                  "City / country",
                  <StatusBadge key="g" tone={geo.geoip.enabled ? "success" : "secondary"}>
                    {geo.geoip.enabled ? "On" : "Off"}
                  </StatusBadge>,
                ],
                [
                  "Source",
                  geo.geoip.enabled
                    ? geo.geoip.bundled
                      ? "Bundled GeoLite2 City (npm @ip-location-db)"
                      : geo.geoip.paths.join(", ")
                    : "Set HERALD_GEOIP_PATH",
                ],
                ["Data built", geo.geoip.builtAt ? new Date(geo.geoip.builtAt).toLocaleDateString() : null],
                [
                  "ASN",
                  <StatusBadge key="a" tone={geo.asn.enabled ? "success" : "secondary"}>
                    {geo.asn.enabled ? "On" : "Off"}
                  </StatusBadge>,
                ],
                [
                  "ASN source",
                  geo.asn.enabled ? geo.asn.paths.join(", ") : "Set HERALD_ASN_PATH to a GeoLite2-ASN .mmdb",
                ],
              ]}
            />
            {geo.geoip.bundled && (
              <p className="text-xs text-muted-foreground">
                GeoLite2 data © MaxMind, used under the GeoLite2 End User License Agreement. The bundled copy is not
                updated automatically; point HERALD_GEOIP_PATH at a current database for accurate results.
              </p>
            )}
          </CardContent>
        </Card>
      </div>
    </>
  );
}
