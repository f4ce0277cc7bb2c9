import { sql } from "drizzle-orm";
import {
  type AnyPgColumn,
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  serial,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from "drizzle-orm/pg-core";

/** authentik's user types; Herald keeps the vocabulary so API clients round-trip. */
export const USER_TYPES = ["internal", "external", "service_account", "internal_service_account"] as const;
export type TUserType = (typeof USER_TYPES)[number];

/**
 * What an API token may do (Herald's addition to authentik's token): `events:write` ingest only;
 * `events:read` the log, volume, map, stats and export; `notifications` the owner's own bell;
 * `admin` everything its owner may do.
 */
export const TOKEN_SCOPES = ["events:write", "events:read", "notifications", "admin"] as const;
export type TTokenScope = (typeof TOKEN_SCOPES)[number];

/** Token intents from authentik; Herald only authenticates `api` tokens. */
export const TOKEN_INTENTS = ["verification", "api", "recovery", "app_password"] as const;
export type TTokenIntent = (typeof TOKEN_INTENTS)[number];

export const users = pgTable(
  "users",
  {
    /** Integer pk, as authentik's User. */
    id: serial("id").primaryKey(),
    uuid: uuid("uuid").notNull().defaultRandom(),
    username: text("username").notNull(),
    name: text("name").notNull().default(""),
    email: text("email").notNull().default(""),
    /** `scrypt$N$r$p$salt$hash`, or null for accounts that cannot sign in with a password. */
    passwordHash: text("password_hash"),
    isActive: boolean("is_active").notNull().default(true),
    isSuperuser: boolean("is_superuser").notNull().default(false),
    type: text("type").$type<TUserType>().notNull().default("internal"),
    path: text("path").notNull().default("users"),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    dateJoined: timestamp("date_joined", { withTimezone: true }).notNull().defaultNow(),
    lastLogin: timestamp("last_login", { withTimezone: true }),
    lastUpdated: timestamp("last_updated", { withTimezone: true }).notNull().defaultNow(),
    passwordChangeDate: timestamp("password_change_date", { withTimezone: true }).notNull().defaultNow(),
    /**
     * Copied into every session at sign-in and compared on each request; raising it ends all of the
     * user's sessions at once (password change, deactivation, "sign out everywhere").
     */
    sessionEpoch: integer("session_epoch").notNull().default(0),
  },
  (t) => [uniqueIndex("users_username_key").on(sql`lower(${t.username})`), uniqueIndex("users_uuid_key").on(t.uuid)],
);

export const groups = pgTable(
  "groups",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    /** authentik exposes a stable int32 alongside the uuid (`num_pk`). */
    numPk: serial("num_pk").notNull(),
    name: text("name").notNull(),
    /** Members of a superuser group are administrators. */
    isSuperuser: boolean("is_superuser").notNull().default(false),
    parentUuid: uuid("parent_uuid").references((): AnyPgColumn => groups.uuid, { onDelete: "set null" }),
    attributes: jsonb("attributes").$type<Record<string, unknown>>().notNull().default({}),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [uniqueIndex("groups_name_key").on(t.name), index("groups_parent_idx").on(t.parentUuid)],
);

export const groupMembers = pgTable(
  "group_members",
  {
    groupUuid: uuid("group_uuid")
      .notNull()
      .references(() => groups.uuid, { onDelete: "cascade" }),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
  },
  (t) => [primaryKey({ columns: [t.groupUuid, t.userId] }), index("group_members_user_idx").on(t.userId)],
);

export const tokens = pgTable(
  "tokens",
  {
    uuid: uuid("uuid").primaryKey().defaultRandom(),
    identifier: text("identifier").notNull(),
    /** SHA-256 of the key (keys are 256-bit random, so a fast hash is enough); the key itself is never stored. */
    keyHash: text("key_hash").notNull(),
    /** First characters of the key, shown in the UI so people can tell tokens apart. */
    keyPrefix: text("key_prefix").notNull(),
    intent: text("intent").$type<TTokenIntent>().notNull().default("api"),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    description: text("description").notNull().default(""),
    expiring: boolean("expiring").notNull().default(true),
    expires: timestamp("expires", { withTimezone: true }),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastUsed: timestamp("last_used", { withTimezone: true }),
    /** Set when revoked; a revoked token never authenticates again. */
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    managed: text("managed"),
    /** Tokens created before scopes existed acted with their owner's full rights, so they keep `admin`. */
    scopes: text("scopes").array().$type<TTokenScope[]>().notNull().default(sql`'{admin}'::text[]`),
  },
  (t) => [
    uniqueIndex("tokens_identifier_key").on(t.identifier),
    uniqueIndex("tokens_key_hash_key").on(t.keyHash),
    index("tokens_user_idx").on(t.userId),
  ],
);

/** A user's account at an external OpenID Connect provider: (issuer, subject) identifies it for good. */
export const userIdentities = pgTable(
  "user_identities",
  {
    issuer: text("issuer").notNull(),
    subject: text("subject").notNull(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    email: text("email").notNull().default(""),
    created: timestamp("created", { withTimezone: true }).notNull().defaultNow(),
    lastLogin: timestamp("last_login", { withTimezone: true }),
  },
  (t) => [primaryKey({ columns: [t.issuer, t.subject] }), index("user_identities_user_idx").on(t.userId)],
);

/** Failed sign-in counter per (username, client IP) window; shared by every Herald instance. */
export const loginAttempts = pgTable("login_attempts", {
  key: text("key").primaryKey(),
  failures: integer("failures").notNull().default(0),
  windowStart: timestamp("window_start", { withTimezone: true }).notNull().defaultNow(),
  lockedUntil: timestamp("locked_until", { withTimezone: true }),
});

/**
 * Sessions ended one at a time (sign-out), by session id, kept until the session would have expired
 * anyway; sessions are signed cookies, so this list is what makes a signed-out cookie worthless.
 */
export const revokedSessions = pgTable(
  "revoked_sessions",
  {
    jti: text("jti").primaryKey(),
    userId: integer("user_id")
      .notNull()
      .references(() => users.id, { onDelete: "cascade" }),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
  },
  (t) => [index("revoked_sessions_expires_idx").on(t.expiresAt)],
);

export type TUser = typeof users.$inferSelect;
export type TNewUser = typeof users.$inferInsert;
export type TGroup = typeof groups.$inferSelect;
export type TNewGroup = typeof groups.$inferInsert;
export type TToken = typeof tokens.$inferSelect;
export type TUserIdentity = typeof userIdentities.$inferSelect;
