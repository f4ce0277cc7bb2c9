import { defineConfig, type PlaywrightTestConfig } from "@playwright/test";
import { ADMIN_PASSWORD, ADMIN_TOKEN } from "./fixtures/env";

/**
 * Suites run against real Herald servers built from this checkout (`next build` first; `npm test`
 * does it): the API suite on PGlite and, when DATABASE_URL is set, again on PostgreSQL; the
 * browser suite in Debian's Chromium.
 */
const portBase = Number(process.env.E2E_PORT_BASE || 3100);
const withPostgres = Boolean(process.env.DATABASE_URL);
const chromium = process.env.CHROMIUM_PATH || "/usr/bin/chromium";

const servers = [
  { backend: "pglite", port: portBase },
  ...(withPostgres ? [{ backend: "postgres", port: portBase + 1 }] : []),
];

/** OpenID Connect sign-in: a real IdP (e2e/fixtures/oidc-provider.mjs) and a Herald server configured for it. */
const oidc = { idpPort: portBase + 90, heraldPort: portBase + 5 };
const oidcIssuer = `http://127.0.0.1:${oidc.idpPort}`;

const projects: PlaywrightTestConfig["projects"] = [
  ...servers.map((server) => ({
    name: `api-${server.backend}`,
    testDir: "./api",
    use: { baseURL: `http://127.0.0.1:${server.port}` },
  })),
  // Hostile-input and access suites: every route and server action, once, on the first server (the
  // browser suite uses the last one, so the barrage does not slow it down).
  {
    name: "hostile",
    testDir: "./hostile",
    use: { baseURL: `http://127.0.0.1:${servers[0].port}` },
  },
  {
    name: "ui",
    testDir: "./ui",
    testIgnore: /oidc.*\.spec\.ts$/,
    use: {
      baseURL: `http://127.0.0.1:${servers[servers.length - 1].port}`,
      browserName: "chromium" as const,
      launchOptions: {
        executablePath: chromium,
        args: [
          "--disable-gpu",
          "--disable-quic",
          "--no-first-run",
          "--disable-background-networking",
          "--disable-component-update",
          "--disable-sync",
        ],
      },
    },
  },
];

const uiProject = projects[projects.length - 1];
projects.push({
  name: "oidc",
  testDir: "./ui",
  testMatch: /oidc.*\.spec\.ts$/,
  use: { ...uiProject.use, baseURL: `http://127.0.0.1:${oidc.heraldPort}` },
});

export default defineConfig({
  testDir: ".",
  outputDir: "./.artifacts/test-results",
  timeout: 60_000,
  expect: { timeout: 10_000 },
  fullyParallel: true,
  forbidOnly: Boolean(process.env.CI),
  retries: process.env.CI ? 1 : 0,
  workers: 2,
  reporter: [["list"], ["html", { outputFolder: "./.artifacts/report", open: "never" }]],
  // No video: Playwright would need its own ffmpeg download, which this environment cannot fetch.
  use: { trace: "retain-on-failure", screenshot: "only-on-failure", video: "off" },
  projects,
  webServer: [
    {
      command: "node e2e/fixtures/oidc-provider.mjs",
      cwd: "..",
      url: `${oidcIssuer}/.well-known/openid-configuration`,
      timeout: 30_000,
      reuseExistingServer: false,
      stdout: "ignore" as const,
      stderr: "ignore" as const,
      env: {
        OIDC_PORT: String(oidc.idpPort),
        OIDC_REDIRECT_URI: `http://127.0.0.1:${oidc.heraldPort}/api/auth/callback/oidc`,
      },
    },
    ...[...servers, { backend: "pglite", port: oidc.heraldPort, oidc: true }].map((server) => ({
      command: "node scripts/e2e-server.mjs",
      cwd: "..",
      url: `http://127.0.0.1:${server.port}/-/health/ready/`,
      timeout: 120_000,
      reuseExistingServer: false,
      // SIGTERM (not Playwright's default SIGKILL) so e2e-server.mjs drops its database and data dir.
      gracefulShutdown: { signal: "SIGTERM" as const, timeout: 15_000 },
      stdout: "ignore" as const,
      stderr: "pipe" as const,
      env: {
        E2E_BACKEND: server.backend,
        PORT: String(server.port),
        HERALD_BOOTSTRAP_PASSWORD: ADMIN_PASSWORD,
        HERALD_BOOTSTRAP_TOKEN: ADMIN_TOKEN,
        HERALD_LOGIN_MAX_FAILURES: "5",
        HERALD_LOG_LEVEL: "warn",
        // Tests start webhook receivers on 127.0.0.1 only; 127.0.0.2 stays refused (see transports.spec.ts).
        HERALD_WEBHOOK_ALLOW_NETWORKS: "127.0.0.1/32",
        // Fast retries so dead letters and replays are testable in seconds.
        HERALD_DELIVERY_RETRY_SCHEDULE: "1s,1s",
        ...(process.env.DATABASE_URL ? { DATABASE_URL: process.env.DATABASE_URL } : {}),
        ...("oidc" in server && {
          HERALD_OIDC_ISSUER: oidcIssuer,
          HERALD_OIDC_CLIENT_ID: "herald-e2e",
          HERALD_OIDC_CLIENT_SECRET: "herald-e2e-secret",
          HERALD_OIDC_ADMIN_GROUPS: "herald-admins",
          HERALD_OIDC_NAME: "Loopback IdP",
        }),
      },
    })),
  ],
});
