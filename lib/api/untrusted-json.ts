/**
 * The checks every value from a client passes before any schema sees it: text that PostgreSQL can
 * store (no NUL, no lone UTF-16 surrogate, in values and in object keys) and a bounded nesting
 * depth (deep values overflow the stack of recursive code such as JSON.stringify and zod).
 * The walk is iterative, so the check itself cannot overflow.
 */

/** Deeper than any event context or form a real client sends; far below what overflows the stack. */
export const MAX_JSON_DEPTH = 64;

export type TJsonProblem = { path: (string | number)[]; message: string };

export const NUL_MESSAGE = "Null characters are not allowed.";
export const SURROGATE_MESSAGE = "Text must be valid Unicode (it contains a lone surrogate).";
export const DEPTH_MESSAGE = `Nested more than ${MAX_JSON_DEPTH} levels deep.`;

/** The problem with a string, or null when PostgreSQL can store it as text and in JSON. */
export function textProblem(text: string): string | null {
  if (text.includes("\u0000")) return NUL_MESSAGE;
  if (!text.isWellFormed()) return SURROGATE_MESSAGE;
  return null;
}

/** The first problem found in `value` (depth first), with the path to it; null when it is safe. */
export function findJsonProblem(value: unknown, maxDepth = MAX_JSON_DEPTH): TJsonProblem | null {
  const stack: { value: unknown; path: (string | number)[] }[] = [{ value, path: [] }];
  while (stack.length) {
    const item = stack.pop() as { value: unknown; path: (string | number)[] };
    const current = item.value;
    if (typeof current === "string") {
      const message = textProblem(current);
      if (message) return { path: item.path, message };
      continue;
    }
    if (current === null || typeof current !== "object") continue;
    if (item.path.length >= maxDepth) return { path: item.path, message: DEPTH_MESSAGE };
    if (Array.isArray(current)) {
      for (let index = current.length - 1; index >= 0; index--)
        stack.push({ value: current[index], path: [...item.path, index] });
      continue;
    }
    if (!isPlainObject(current)) continue;
    const entries = Object.entries(current);
    for (let index = entries.length - 1; index >= 0; index--) {
      const [key, inner] = entries[index];
      const message = textProblem(key);
      if (message) return { path: item.path, message: `A key: ${message}` };
      stack.push({ value: inner, path: [...item.path, key] });
    }
  }
  return null;
}

function isPlainObject(value: object): boolean {
  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** The problem in authentik's error shape: the top-level field, the rest of the path in the message. */
export function jsonProblemFieldErrors(problem: TJsonProblem): Record<string, string[]> {
  const [head, ...rest] = problem.path.map(String);
  const message = rest.length ? `${rest.join(".")}: ${problem.message}` : problem.message;
  return { [head ?? "non_field_errors"]: [message] };
}

/**
 * The deepest nesting of `[`/`{` in JSON text, read without parsing (strings skipped), so text too
 * deep for a recursive parser can be refused before one sees it.
 */
export function jsonTextDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let index = 0; index < text.length; index++) {
    const char = text.charCodeAt(index);
    if (inString) {
      if (char === 0x5c) index++;
      else if (char === 0x22) inString = false;
    } else if (char === 0x22) inString = true;
    else if (char === 0x5b || char === 0x7b) deepest = Math.max(deepest, ++depth);
    else if (char === 0x5d || char === 0x7d) depth--;
  }
  return deepest;
}
