export type TAkqlScalar = string | number | boolean | null;

export type TAkqlOperator =
  | "="
  | "!="
  | ">"
  | ">="
  | "<"
  | "<="
  | "~"
  | "!~"
  | "startswith"
  | "endswith"
  | "not startswith"
  | "not endswith"
  | "in"
  | "not in";

export type TAkqlCompare = {
  type: "compare";
  /** Field path: ["action"], ["user", "username"], ["context", "geo", "country"]. */
  field: string[];
  op: TAkqlOperator;
  value: TAkqlScalar | TAkqlScalar[];
};

export type TAkqlNode = TAkqlCompare | { type: "and"; items: TAkqlNode[] } | { type: "or"; items: TAkqlNode[] };

/** The searchable fields of the event log; JSON roots take any nested path. */
export const AKQL_SCALAR_FIELDS = ["action", "event_uuid", "app", "client_ip", "created"] as const;
export const AKQL_USER_FIELDS = ["pk", "username", "email"] as const;
export const AKQL_JSON_ROOTS = ["brand", "context"] as const;
export const AKQL_OPERATORS: TAkqlOperator[] = [
  "=",
  "!=",
  ">",
  ">=",
  "<",
  "<=",
  "~",
  "!~",
  "startswith",
  "endswith",
  "not startswith",
  "not endswith",
  "in",
  "not in",
];
