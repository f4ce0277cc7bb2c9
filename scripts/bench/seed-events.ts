import { sql } from "drizzle-orm";
import type { Db } from "@/db/client";

/**
 * Fills the events table with `total` realistic rows spread over the last 90 days, generated
 * inside the database (generate_series) so a million rows take seconds, not minutes. The mix:
 * mostly logins, some failures, admin changes with diffs, authorizations; ~70% located.
 */
export async function seedBenchEvents(db: Db, total: number, onProgress?: (done: number) => void): Promise<void> {
  const batch = 100_000;
  for (let from = 1; from <= total; from += batch) {
    const to = Math.min(total, from + batch - 1);
    await db.execute(sql`
      with cities(idx, country, city, continent, lat, long) as (values
        (0, 'DE', 'Berlin', 'EU', 52.52, 13.40), (1, 'US', 'New York', 'NA', 40.71, -74.00),
        (2, 'US', 'San Francisco', 'NA', 37.77, -122.42), (3, 'GB', 'London', 'EU', 51.51, -0.13),
        (4, 'FR', 'Paris', 'EU', 48.86, 2.35), (5, 'JP', 'Tokyo', 'AS', 35.68, 139.69),
        (6, 'BR', 'São Paulo', 'SA', -23.55, -46.63), (7, 'IN', 'Bengaluru', 'AS', 12.97, 77.59),
        (8, 'AU', 'Sydney', 'OC', -33.87, 151.21), (9, 'ZA', 'Cape Town', 'AF', -33.92, 18.42),
        (10, 'CA', 'Toronto', 'NA', 43.65, -79.38), (11, 'NL', 'Amsterdam', 'EU', 52.37, 4.90),
        (12, 'SG', 'Singapore', 'AS', 1.35, 103.82), (13, 'NG', 'Lagos', 'AF', 6.52, 3.38),
        (14, 'MX', 'Mexico City', 'NA', 19.43, -99.13), (15, 'SE', 'Stockholm', 'EU', 59.33, 18.07)
      ),
      actions(idx, action) as (values
        (0, 'login'), (1, 'login'), (2, 'login'), (3, 'login'), (4, 'login'), (5, 'login'), (6, 'logout'), (7, 'logout'),
        (8, 'authorize_application'), (9, 'authorize_application'), (10, 'login_failed'), (11, 'token_view'),
        (12, 'model_updated'), (13, 'model_created'), (14, 'password_set'), (15, 'policy_execution')
      ),
      rows as (
        select g, (g * 7919) % 16 as action_idx, ((g / 16) * 13) % 16 as city_idx, (g * 31) % 5000 as user_pk
        from generate_series(${from}::bigint, ${to}::bigint) g
      )
      insert into events (event_uuid, "user", action, app, context, client_ip, created, expires, brand, geo_lat, geo_long, geo_country)
      select
        gen_random_uuid(),
        jsonb_build_object('pk', r.user_pk, 'username', 'user' || r.user_pk, 'email', 'user' || r.user_pk || '@example.com'),
        a.action,
        case when a.action like 'model_%' then 'authentik.events.signals' else 'authentik.core' end,
        case
          when a.action in ('model_updated', 'model_created') then jsonb_build_object(
            'model', jsonb_build_object('app', 'authentik_core', 'model_name', 'group', 'pk', (r.g % 300)::text, 'name', 'group-' || (r.g % 300)),
            'diff', jsonb_build_object('name', jsonb_build_object('previous_value', 'old-' || r.g, 'new_value', 'new-' || r.g)))
          when a.action = 'authorize_application' then jsonb_build_object(
            'authorized_application', jsonb_build_object('pk', md5((r.g % 12)::text), 'name', 'App ' || (r.g % 12), 'app', 'authentik_core', 'model_name', 'application'),
            'flow', md5((r.g % 3)::text))
          when a.action = 'login_failed' then jsonb_build_object('username', 'user' || r.user_pk, 'stage', 'default-authentication-password')
          else jsonb_build_object('auth_method', 'password', 'http_request',
            jsonb_build_object('path', '/api/v3/flows/executor/default-authentication-flow/', 'method', 'POST', 'user_agent', 'Mozilla/5.0 (X11; Linux x86_64)'))
        end || case when r.g % 10 < 7 then jsonb_build_object('geo',
          jsonb_build_object('continent', c.continent, 'country', c.country, 'city', c.city, 'lat', c.lat, 'long', c.long)) else '{}'::jsonb end,
        ((20 + r.g % 200) || '.' || (r.g / 7 % 250) || '.' || (r.g / 3 % 250) || '.' || (1 + r.g % 250))::inet,
        now() - make_interval(secs => (r.g * 7776000.0 / ${total}) + (r.g % 600)),
        now() + interval '275 days',
        jsonb_build_object('pk', 'b1', 'name', case when r.g % 5 = 0 then 'partner' else 'authentik-default' end),
        case when r.g % 10 < 7 then c.lat + ((r.g % 100) - 50) / 100.0 end,
        case when r.g % 10 < 7 then c.long + ((r.g % 97) - 48) / 100.0 end,
        case when r.g % 10 < 7 then c.country end
      from rows r join actions a on a.idx = r.action_idx join cities c on c.idx = r.city_idx
    `);
    onProgress?.(to);
  }
}
