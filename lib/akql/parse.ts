import peggy from "peggy";
import { AKQL_JSON_ROOTS, AKQL_SCALAR_FIELDS, AKQL_USER_FIELDS, type TAkqlNode } from "./ast";
import { AKQL_GRAMMAR } from "./grammar";

const parser = peggy.generate(AKQL_GRAMMAR);

export class AkqlError extends Error {
  constructor(
    message: string,
    /** 1-based column of the problem in the expression. */
    readonly column: number,
    readonly offset: number,
  ) {
    super(message);
    this.name = "AkqlError";
  }
}

export type TAkqlParse = { ok: true; ast: TAkqlNode } | { ok: false; error: AkqlError };

const MAX_LENGTH = 2000;

type TPeggyLocation = { start: { offset: number; column: number } };
type TRawNode = TAkqlNode & { location?: TPeggyLocation };

function checkFields(node: TRawNode): void {
  if (node.type !== "compare") {
    for (const item of node.items) checkFields(item as TRawNode);
    return;
  }
  const location = node.location;
  delete node.location;
  const [root, ...rest] = node.field;
  const at = location?.start ?? { offset: 0, column: 1 };
  const fail = (message: string) => {
    throw new AkqlError(`${message} (column ${at.column})`, at.column, at.offset);
  };
  if ((AKQL_SCALAR_FIELDS as readonly string[]).includes(root)) {
    if (rest.length) fail(`"${root}" has no nested fields`);
  } else if (root === "user") {
    if (rest.length !== 1 || !(AKQL_USER_FIELDS as readonly string[]).includes(rest[0]))
      fail(
        `Unknown field "${node.field.join(".")}"; user fields are ${AKQL_USER_FIELDS.map((f) => `user.${f}`).join(", ")}`,
      );
  } else if ((AKQL_JSON_ROOTS as readonly string[]).includes(root)) {
    if (!rest.length) fail(`"${root}" needs a path, e.g. ${root}.name`);
  } else fail(`Unknown field "${node.field.join(".")}"`);
  if (root === "created" && !Array.isArray(node.value) && typeof node.value === "string") {
    if (Number.isNaN(Date.parse(node.value))) fail(`"created" needs a date, got "${node.value}"`);
  }
  const values = Array.isArray(node.value) ? node.value : [node.value];
  if (root === "created" && values.some((v) => typeof v !== "string" && v !== null))
    fail(`"created" compares with a quoted date`);
  if (root === "created" && node.op !== "in" && node.op !== "not in" && /[~a-z]/.test(node.op))
    fail(`"created" takes =, !=, >, >=, <, <=`);
  if ((node.op === "~" || node.op === "!~" || node.op.includes("with")) && values.some((v) => typeof v !== "string"))
    fail(`"${node.op}" compares with a quoted string`);
}

/** Parses an AKQL expression; errors carry the 1-based column. */
export function parseAkql(text: string): TAkqlParse {
  if (text.length > MAX_LENGTH)
    return { ok: false, error: new AkqlError(`Expression longer than ${MAX_LENGTH} characters`, 1, 0) };
  try {
    const ast = parser.parse(text) as TRawNode;
    checkFields(ast);
    return { ok: true, ast };
  } catch (error) {
    if (error instanceof AkqlError) return { ok: false, error };
    const e = error as { message?: string; location?: TPeggyLocation };
    const column = e.location?.start.column ?? 1;
    return {
      ok: false,
      error: new AkqlError(
        `${e.message ?? "Invalid expression"} (column ${column})`,
        column,
        e.location?.start.offset ?? 0,
      ),
    };
  }
}
