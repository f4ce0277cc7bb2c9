import fs from "node:fs";
import path from "node:path";
import ts from "typescript";

/** One import of the source tree: the importing file, and what the specifier resolved to. */
export type TImport = { from: string; to: string };

const SKIPPED_FOLDERS = new Set([
  "node_modules",
  ".next",
  ".git",
  ".data",
  "test-results",
  "playwright-report",
  "migrations",
]);
const SOURCE_EXTENSIONS = [".ts", ".tsx"];

export function listSourceFiles(root: string, tops: string[]): string[] {
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      if (SKIPPED_FOLDERS.has(entry.name)) continue;
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (SOURCE_EXTENSIONS.some((ext) => entry.name.endsWith(ext)) && !entry.name.endsWith(".d.ts")) {
        found.push(path.relative(root, full).split(path.sep).join("/"));
      }
    }
  };
  for (const top of tops) if (fs.existsSync(path.join(root, top))) walk(path.join(root, top));
  return found.sort();
}

/**
 * Resolves a specifier the way tsconfig's `@/*` path and relative imports do; a package name is
 * returned as `pkg:<name>` so rules can speak about `next/*`.
 */
function resolveSpecifier(root: string, from: string, specifier: string): string {
  let target: string;
  if (specifier.startsWith("@/")) target = specifier.slice(2);
  else if (specifier.startsWith("./") || specifier.startsWith("../"))
    target = path.posix.normalize(path.posix.join(path.posix.dirname(from), specifier));
  else return `pkg:${specifier}`;
  for (const candidate of [
    target,
    ...SOURCE_EXTENSIONS.map((ext) => target + ext),
    ...SOURCE_EXTENSIONS.map((ext) => `${target}/index${ext}`),
  ]) {
    const full = path.join(root, candidate);
    if (fs.existsSync(full) && fs.statSync(full).isFile()) return candidate;
  }
  return target;
}

/** Every static import, re-export and dynamic `import()` of the given files, type-only ones included. */
export function readImports(root: string, files: string[]): TImport[] {
  const imports: TImport[] = [];
  for (const file of files) {
    const info = ts.preProcessFile(fs.readFileSync(path.join(root, file), "utf8"), true, true);
    for (const { fileName } of info.importedFiles)
      imports.push({ from: file, to: resolveSpecifier(root, file, fileName) });
  }
  return imports;
}

/** The unit of layering: a folder directly under lib/ (`lib/events`), or a file at lib/'s top (`lib/env.ts`). */
export function libUnitOf(file: string): string | null {
  const parts = file.split("/");
  if (parts[0] !== "lib" || parts.length < 2) return null;
  return parts.length === 2 ? file : `lib/${parts[1]}`;
}

/** Strongly connected components with more than one member (Tarjan): each is an import cycle. */
export function findCycles(edges: Array<[string, string]>): string[][] {
  const next = new Map<string, Set<string>>();
  for (const [a, b] of edges) {
    if (!next.has(a)) next.set(a, new Set());
    if (!next.has(b)) next.set(b, new Set());
    next.get(a)?.add(b);
  }
  let counter = 0;
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const cycles: string[][] = [];
  const visit = (node: string) => {
    index.set(node, counter);
    low.set(node, counter);
    counter++;
    stack.push(node);
    onStack.add(node);
    for (const to of next.get(node) ?? []) {
      if (!index.has(to)) {
        visit(to);
        low.set(node, Math.min(low.get(node) as number, low.get(to) as number));
      } else if (onStack.has(to)) {
        low.set(node, Math.min(low.get(node) as number, index.get(to) as number));
      }
    }
    if (low.get(node) === index.get(node)) {
      const component: string[] = [];
      let member: string | undefined;
      do {
        member = stack.pop() as string;
        onStack.delete(member);
        component.push(member);
      } while (member !== node);
      if (component.length > 1) cycles.push(component.sort());
    }
  };
  for (const node of next.keys()) if (!index.has(node)) visit(node);
  return cycles;
}
