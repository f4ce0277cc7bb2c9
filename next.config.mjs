/** @type {import('next').NextConfig} */
const nextConfig = {
  // PGlite ships WASM + data files that must be loaded from node_modules at runtime.
  serverExternalPackages: ["@electric-sql/pglite", "pg-boss", "quickjs-emscripten", "maxmind", "pino"],
  poweredByHeader: false,
  // authentik's API paths end with a slash; keep them as they are.
  trailingSlash: false,
  skipTrailingSlashRedirect: true,
  typedRoutes: false,
};

export default nextConfig;
