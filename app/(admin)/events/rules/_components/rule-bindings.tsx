"use client";

import { LinkIcon, Trash2Icon } from "lucide-react";
import * as React from "react";
import { useAction } from "@/components/forms/use-action";
import { Button } from "@/components/ui/button";
import { Switch } from "@/components/ui/switch";
import type { TSerializedBinding } from "@/lib/policies/binding-serialize";
import type { TSerializedRule } from "@/lib/rules/serialize";
import { deleteBindingAction, toggleBindingAction } from "../actions";
import { BindDialog } from "./bind-dialog";
import type { TRuleChoices } from "./rule-choices";

function bindingSubject(binding: TSerializedBinding): { kind: string; name: string } {
  if (binding.policy_obj) return { kind: binding.policy_obj.verbose_name, name: binding.policy_obj.name };
  if (binding.group_obj) return { kind: "Group", name: String(binding.group_obj.name) };
  if (binding.user_obj) return { kind: "User", name: String(binding.user_obj.username) };
  return { kind: "—", name: "—" };
}

export function RuleBindings({
  rule,
  bindings,
  choices,
}: {
  rule: TSerializedRule;
  bindings: TSerializedBinding[];
  choices: TRuleChoices;
}) {
  const [binding, setBinding] = React.useState(false);
  const toggle = useAction(toggleBindingAction, { success: "Binding updated." });
  const remove = useAction(deleteBindingAction, { success: "Binding deleted." });
  const nextOrder = bindings.length ? Math.max(...bindings.map((entry) => entry.order)) + 1 : 0;
  return (
    <div className="grid gap-3 p-2">
      <div className="flex items-center justify-between">
        <p className="text-sm text-muted-foreground">
          {bindings.length === 0
            ? "Nothing is bound: this rule never fires."
            : `Fires when ${rule.policy_engine_mode === "all" ? "all" : "any"} of these pass:`}
        </p>
        <Button size="sm" variant="outline" onClick={() => setBinding(true)}>
          <LinkIcon /> Bind existing Policy / Group / User
        </Button>
      </div>
      {bindings.length > 0 && (
        <table className="w-full text-sm" aria-label={`Bindings of ${rule.name}`}>
          <thead className="text-left text-xs uppercase text-muted-foreground">
            <tr>
              <th className="py-1">Order</th>
              <th>Bound</th>
              <th>Options</th>
              <th>Enabled</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {bindings.map((entry) => {
              const subject = bindingSubject(entry);
              return (
                <tr key={entry.pk} className="border-t">
                  <td className="py-1.5 tabular-nums">{entry.order}</td>
                  <td>
                    <span className="text-muted-foreground">{subject.kind}:</span>{" "}
                    <span className="font-medium">{subject.name}</span>
                  </td>
                  <td className="text-xs text-muted-foreground">
                    {[
                      entry.negate && "negated",
                      `timeout ${entry.timeout}s`,
                      entry.failure_result && "passes on failure",
                    ]
                      .filter(Boolean)
                      .join(" · ")}
                  </td>
                  <td>
                    <Switch
                      aria-label={`Enable binding ${entry.order}`}
                      checked={entry.enabled}
                      onCheckedChange={(checked) => void toggle.run({ uuid: entry.pk, enabled: checked })}
                    />
                  </td>
                  <td className="text-right">
                    <Button
                      size="icon"
                      variant="ghost"
                      aria-label={`Delete binding ${entry.order}`}
                      onClick={() => void remove.run({ uuid: entry.pk })}
                    >
                      <Trash2Icon />
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
      <BindDialog open={binding} onOpenChange={setBinding} rule={rule} choices={choices} nextOrder={nextOrder} />
    </div>
  );
}
