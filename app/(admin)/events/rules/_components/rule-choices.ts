import type { TPickOption } from "@/components/forms/multi-select";

/** What a rule's dialogs can pick from, loaded once by the page. */
export type TRuleChoices = {
  transports: TPickOption[];
  groups: TPickOption[];
  policies: TPickOption[];
  users: TPickOption[];
};
