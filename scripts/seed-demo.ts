// `npm run seed:demo`: fills the configured database (DATABASE_URL, else the PGlite directory — stop
// the server first, it owns that directory) with a realistic month: sign-ins from many countries,
// failures and two brute-force bursts, app authorisations, policy exceptions, deploy events, and
// administrator changes made through Herald's own code so their audit diffs are real.
// A second run refuses (the demo users exist); `--force` adds another month of traffic.
import { openDatabase, optionsFromEnv } from "@/db/client";
import { SYSTEM_ACTOR } from "@/lib/actor";
import { demoTraffic, demoUsers, seededRandom, type TDemoAddress } from "@/lib/demo/demo-plan";
import { createEvents } from "@/lib/events/create-event";
import { registerEnricher } from "@/lib/events/enrich";
import { BUNDLED_CITY_PATHS, enricherFor, openGeoDatabases } from "@/lib/geoip/databases";
import { addGroupMember, createGroup } from "@/lib/groups/mutations";
import { ZGroupCreate } from "@/lib/groups/validation";
import { createUser, deleteUser, updateUser } from "@/lib/users/mutations";
import { findUserByUsername } from "@/lib/users/queries";
import { ZUserCreate } from "@/lib/users/validation";

// tsx runs scripts as CommonJS: no top-level await.
async function main(): Promise<void> {
  const COUNTRIES = [
    "GB",
    "DE",
    "FR",
    "NL",
    "SE",
    "ES",
    "IT",
    "PL",
    "US",
    "CA",
    "BR",
    "MX",
    "AR",
    "JP",
    "KR",
    "IN",
    "SG",
    "AU",
    "NZ",
    "ZA",
    "NG",
    "KE",
    "EG",
    "TR",
  ];
  const ATTACKER_COUNTRIES = ["VN", "RO"];
  const force = process.argv.includes("--force");

  const handle = await openDatabase(optionsFromEnv());
  try {
    const geo = await openGeoDatabases({ cityPaths: BUNDLED_CITY_PATHS, asnPaths: [], bundled: true });
    const enrich = enricherFor(geo);
    registerEnricher(enrich);
    const random = seededRandom(20261123);
    const existing = await findUserByUsername(handle.db, "demo-alice");
    if (existing && !force) {
      console.log(
        "Demo data is already there (user demo-alice exists). Run with --force to add another month of traffic.",
      );
      return;
    }

    // Public addresses that the bundled GeoLite2 data places in each country (sampled, reproducible).
    const wanted = new Map([...COUNTRIES, ...ATTACKER_COUNTRIES].map((country) => [country, [] as TDemoAddress[]]));
    for (let attempt = 0; attempt < 3_000_000 && [...wanted.values()].some((list) => list.length < 3); attempt++) {
      const ip = [
        1 + Math.floor(random() * 222),
        Math.floor(random() * 256),
        Math.floor(random() * 256),
        1 + Math.floor(random() * 254),
      ].join(".");
      const country = enrich(ip)?.geo as { country?: string; city?: string } | undefined;
      const list = country?.country ? wanted.get(country.country) : undefined;
      if (list && list.length < 3 && country?.city) list.push({ ip, country: country.country as string });
    }
    const addresses = COUNTRIES.flatMap((country) => wanted.get(country) ?? []);
    const attackers = ATTACKER_COUNTRIES.flatMap((country) => wanted.get(country) ?? []);

    const actor = { ...SYSTEM_ACTOR, username: "admin" };
    const people = demoUsers(addresses, random);
    const users = [];
    for (const person of people) {
      const row =
        (await findUserByUsername(handle.db, person.username)) ??
        (await createUser(
          handle.db,
          actor,
          ZUserCreate.parse({
            username: person.username,
            name: person.name,
            email: person.email,
            password: "demo-password-1",
          }),
        ));
      users.push({ ...person, pk: row.id });
    }
    if (!existing) {
      const staff = await createGroup(handle.db, actor, ZGroupCreate.parse({ name: "Demo Staff" }));
      const engineering = await createGroup(
        handle.db,
        actor,
        ZGroupCreate.parse({
          name: "Demo Engineering",
          parent: staff.uuid,
          users: users.slice(0, 8).map((user) => user.pk),
        }),
      );
      await createGroup(
        handle.db,
        actor,
        ZGroupCreate.parse({
          name: "Demo Support",
          parent: staff.uuid,
          users: users.slice(8, 14).map((user) => user.pk),
        }),
      );
      await addGroupMember(handle.db, actor, engineering.uuid, users[20].pk);
      await updateUser(handle.db, actor, users[1].pk, {
        name: "Bruno Demo-Costa",
        email: "bruno.costa@demo.herald.test",
        attributes: { team: "platform", oncall: true },
      });
      await updateUser(handle.db, actor, users[5].pk, { is_active: false });
      const leaver = await createUser(
        handle.db,
        actor,
        ZUserCreate.parse({ username: "demo-leaver", name: "Short Stay", email: "leaver@demo.herald.test" }),
      );
      await deleteUser(handle.db, actor, leaver.id);
    }

    const traffic = demoTraffic(users, attackers, random);
    for (let start = 0; start < traffic.length; start += 500)
      await createEvents(handle.db, traffic.slice(start, start + 500));
    console.log(
      `Demo data: ${users.length} users from ${new Set(addresses.map((a) => a.country)).size} countries, ${traffic.length} events over 30 days, plus audited admin changes.`,
    );
  } finally {
    await handle.close();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
