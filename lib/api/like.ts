/** A `%…%` pattern for ILIKE in which `%`, `_` and `\` typed by a user are literals, not wildcards. */
export function likePattern(text: string): string {
  return `%${text.replace(/[\\%_]/g, (char) => `\\${char}`)}%`;
}
