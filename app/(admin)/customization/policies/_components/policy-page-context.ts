import type { TSelectOption } from "@/components/ui/select";

/** What the policy dialogs pick from (event actions, recent events, users), loaded once by the page. */
export type TPolicyPageContext = {
  actions: TSelectOption[];
  events: TSelectOption[];
  users: TSelectOption[];
  currentUser: string;
};
