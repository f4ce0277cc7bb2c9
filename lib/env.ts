import path from "node:path";
import { z } from "zod";

/**
 * Every environment variable Herald reads, validated once. README.md documents each of them.
 * Read lazily (not at import) so `next build` and tests can set variables before first use.
 */
const ZEnv = z.object({
  DATABASE_URL: z.string().url().optional(),
  /** Seconds to open a PostgreSQL connection (TCP + startup) before giving up on it. */
  HERALD_DB_CONNECT_TIMEOUT: z.coerce.number().min(1).max(120).default(5),
  /**
   * Seconds a request waits for a pool connection before it is answered 503: while the database
   * is down, requests fail fast instead of queueing until it is back.
   */
  HERALD_DB_ACQUIRE_TIMEOUT: z.coerce.number().min(0.5).max(120).default(5),
  /** Seconds one SQL statement may run (PostgreSQL's statement_timeout); 0 disables the limit. */
  HERALD_DB_STATEMENT_TIMEOUT: z.coerce.number().min(0).max(3600).default(15),
  HERALD_DATA_DIR: z.string().default(".data"),
  PORT: z.coerce.number().int().min(1).max(65535).default(3000),
  HERALD_BOOTSTRAP_PASSWORD: z.string().min(1).optional(),
  HERALD_BOOTSTRAP_TOKEN: z.string().min(16, "HERALD_BOOTSTRAP_TOKEN must be at least 16 characters").optional(),
  HERALD_BOOTSTRAP_EMAIL: z.string().email().optional(),
  AUTH_SECRET: z.string().min(16).optional(),
  /** Session lifetime in seconds (default 12 hours). */
  HERALD_SESSION_MAX_AGE: z.coerce
    .number()
    .int()
    .min(60)
    .default(12 * 3600),
  /**
   * Comma-separated CIDRs of reverse proxies whose X-Forwarded-For/-Host/-Proto headers are believed
   * (default: none, so a client cannot choose its own address; e.g. "127.0.0.1/32,::1/128" for a
   * proxy on the same machine).
   */
  HERALD_TRUSTED_PROXIES: z.string().default(""),
  /** Failed sign-ins allowed per username+IP within the window before a lock-out. */
  HERALD_LOGIN_MAX_FAILURES: z.coerce.number().int().min(1).default(5),
  /** Failed sign-ins allowed per username from all IPs together within the window (0: no such limit). */
  HERALD_LOGIN_MAX_FAILURES_PER_USER: z.coerce.number().int().min(0).default(20),
  HERALD_LOGIN_LOCKOUT_SECONDS: z.coerce.number().int().min(1).default(300),
  /**
   * The address people reach Herald at (e.g. https://herald.example.com): sign-in redirects and the
   * same-origin check of cookie-authenticated API calls use it. Without it, the request's Host
   * header (or a trusted proxy's X-Forwarded-Host/-Proto) is used.
   */
  HERALD_PUBLIC_URL: z.string().url().optional(),
  /** GeoIP City database(s) (.mmdb; comma-separated), "off" to disable; default: the bundled GeoLite2 data. */
  HERALD_GEOIP_PATH: z.string().optional(),
  /** GeoIP ASN database (.mmdb); no ASN enrichment without it. */
  HERALD_ASN_PATH: z.string().optional(),
  /** Seconds between retention cleanups of expired events (0 disables). */
  HERALD_CLEANUP_INTERVAL: z.coerce.number().int().min(0).default(600),
  /** Threads that run expression policies and mappings (default: the cores, at least 2, at most 8). */
  HERALD_SANDBOX_THREADS: z.coerce.number().int().min(1).max(64).optional(),
  /** CIDRs that webhooks may reach even though they are private/loopback/link-local (default: none). */
  HERALD_WEBHOOK_ALLOW_NETWORKS: z.string().default(""),
  /** Seconds a webhook delivery may take, connect to last byte. */
  HERALD_WEBHOOK_TIMEOUT: z.coerce.number().min(1).max(120).default(10),
  /** SMTP server for email transports, e.g. smtp://user:pass@mail.example.com:587 or smtps://…:465. */
  HERALD_SMTP_URL: z.string().optional(),
  /** Sender address of notification emails. */
  HERALD_SMTP_FROM: z.string().default("Herald <herald@localhost>"),
  /** Delays between delivery attempts (e.g. "30s,2m,10m,1h,6h"); after the last one a delivery is dead-lettered. */
  HERALD_DELIVERY_RETRY_SCHEDULE: z.string().default("30s,2m,10m,1h,6h"),
  /**
   * Deliveries in flight at once per process. One transport may use at most half of them (across
   * all workers), so a receiver that hangs cannot starve the others.
   */
  HERALD_DELIVERY_CONCURRENCY: z.coerce.number().int().min(1).max(256).default(128),
  /**
   * Seconds after which a delivery claimed by any worker is taken again: the last resort for a
   * worker that is alive but stuck (a dead one's claims are taken back within
   * HERALD_DELIVERY_RECLAIM_INTERVAL). Must exceed the slowest send (webhook timeout, SMTP timeouts).
   */
  HERALD_DELIVERY_CLAIM_TIMEOUT: z.coerce.number().int().min(1).default(120),
  /**
   * Seconds between checks, in each process working the queue, for deliveries claimed by a worker
   * process that has died (its advisory lock is gone); they are sent again at once. 0 disables the
   * check, leaving the claim timeout.
   */
  HERALD_DELIVERY_RECLAIM_INTERVAL: z.coerce.number().int().min(0).default(2),
  /** "off" keeps this server from working the queue (run `npm run worker` elsewhere); it still enqueues. */
  HERALD_WORKER: z.enum(["on", "off"]).default("on"),
  HERALD_LOG_LEVEL: z.enum(["fatal", "error", "warn", "info", "debug", "trace", "silent"]).default("info"),
});

export type TEnv = z.infer<typeof ZEnv>;

let cached: TEnv | undefined;

export function env(): TEnv {
  if (!cached) {
    const parsed = ZEnv.safeParse(Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== "")));
    if (!parsed.success) {
      const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
      throw new Error(`Invalid environment configuration:\n  ${problems.join("\n  ")}`);
    }
    cached = parsed.data;
  }
  return cached;
}

/** For tests that change variables between cases. */
export function resetEnvCache(): void {
  cached = undefined;
}

export function dataDir(): string {
  return path.resolve(env().HERALD_DATA_DIR);
}
