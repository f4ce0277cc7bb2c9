/** Types of build.mjs (plain JavaScript so the runner can use it without tsx). */
export const ROOT: string;
export function buildDir(): string;
export function hasBuild(distDir?: string): boolean;
export function restoreTsconfig(before: string, distDir: string): void;
export function ensureBuild(): boolean;
