/** @type {import('next').NextConfig} */
const nextConfig = {
  // Separate build folders let several checkouts/test runs build side by side (default .next).
  distDir: process.env.HERALD_DIST_DIR || ".next",
  // PGlite ships WASM + data files that must be loaded from node_modules at runtime.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "quickjs-emscripten", "maxmind", "pino"],
  poweredByHeader: false,
  // authentik's API paths end with a slash; keep them as they are.
  trailingSlash: false,
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
};

export default nextConfig;
