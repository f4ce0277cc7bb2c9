"use client";

import * as React from "react";
import { Field, FormErrors } from "@/components/forms/field";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";
import { Input } from "@/components/ui/input";
import type { TSettings } from "@/lib/settings/validation";
import { updateSettingsAction } from "./actions";

export function SettingsForm({ settings }: { settings: TSettings }) {
  const [values, setValues] = React.useState(settings);
  const save = useAction(updateSettingsAction, { success: "Settings saved." });
  const change = (patch: Partial<TSettings>) => setValues((current) => ({ ...current, ...patch }));
  return (
    <form
      className="grid gap-6"
      onSubmit={(event) => {
        event.preventDefault();
        void save.run(values);
      }}
    >
      <Card>
        <CardHeader>
          <CardTitle>Event retention</CardTitle>
          <CardDescription>
            How long events are kept. Applies to events created from now on; each event keeps the deadline it was given.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Field
            id="event-retention"
            label="Retention"
            errors={save.fieldErrors.event_retention}
            hint="authentik's format: unit=value pairs separated by ; — e.g. days=365, weeks=3;days=2. Units: weeks, days, hours, minutes, seconds."
          >
            <Input
              value={values.event_retention}
              onChange={(event) => change({ event_retention: event.target.value })}
              className="max-w-xs font-mono"
            />
          </Field>
        </CardContent>
      </Card>
      <Card>
        <CardHeader>
          <CardTitle>Map tiles</CardTitle>
          <CardDescription>
            By default the event map draws a bundled world outline and needs no network. Set a tile server to show a
            detailed map instead.
          </CardDescription>
        </CardHeader>
        <CardContent>
          <Field
            id="map-tile-url"
            label="Tile URL template"
            errors={save.fieldErrors.map_tile_url}
            hint="e.g. https://tile.openstreetmap.org/{z}/{x}/{y}.png — leave empty for the offline outline. Browsers fetch tiles from this server directly."
          >
            <Input
              value={values.map_tile_url}
              onChange={(event) => change({ map_tile_url: event.target.value })}
              placeholder="https://…/{z}/{x}/{y}.png"
            />
          </Field>
        </CardContent>
      </Card>
      <FormErrors errors={save.fieldErrors.non_field_errors} />
      <div className="flex justify-end">
        <Button type="submit" disabled={save.pending}>
          {save.pending ? "Saving…" : "Save settings"}
        </Button>
      </div>
    </form>
  );
}
