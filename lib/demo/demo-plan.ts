import type { TCreateEventInput } from "@/lib/events/create-event";

/** Deterministic pseudo-random numbers (mulberry32), so a demo plan is reproducible. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export type TDemoAddress = { ip: string; country: string };
export type TDemoUser = { username: string; name: string; email: string; home: TDemoAddress[] };

const FIRST = [
  "alice",
  "bruno",
  "chen",
  "dara",
  "emeka",
  "fatima",
  "gustav",
  "hana",
  "ines",
  "jonas",
  "kofi",
  "lena",
  "mateo",
  "nia",
  "omar",
  "priya",
  "quinn",
  "rosa",
  "sven",
  "tariq",
  "uma",
  "viktor",
  "wen",
  "ximena",
];
const APPS = [
  { pk: "3c4a1b2e9f8d4c7ba1e2f3d4c5b6a798", name: "Grafana", slug: "grafana" },
  { pk: "7d8e9f0a1b2c4d3e8f7a6b5c4d3e2f10", name: "GitLab", slug: "gitlab" },
  { pk: "a1b2c3d4e5f64a7b8c9d0e1f2a3b4c5d", name: "Nextcloud", slug: "nextcloud" },
  { pk: "0f1e2d3c4b5a46978879a6b5c4d3e2f1", name: "Wiki", slug: "wiki" },
];
const AGENTS = [
  "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36",
  "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/18.0 Safari/605.1.15",
  "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0",
  "Mozilla/5.0 (iPhone; CPU iPhone OS 18_1 like Mac OS X) AppleWebKit/605.1.15 Mobile/15E148",
];

/** Demo users, each living at one or two addresses of a country (some travel). */
export function demoUsers(addresses: TDemoAddress[], random: () => number): TDemoUser[] {
  return FIRST.map((first, index) => {
    const home = addresses[Math.floor(random() * addresses.length)];
    const sameCountry = addresses.filter((address) => address.country === home.country && address.ip !== home.ip);
    const second = sameCountry.length && random() < 0.4 ? [sameCountry[Math.floor(random() * sameCountry.length)]] : [];
    return {
      username: `demo-${first}`,
      name: `${first[0].toUpperCase()}${first.slice(1)} Demo`,
      email: `${first}@demo.herald.test`,
      home: [home, ...second].slice(0, index % 7 === 0 ? 1 : 2),
    };
  });
}

const httpRequest = (path: string, random: () => number) => ({
  path,
  method: "POST",
  args: {},
  user_agent: AGENTS[Math.floor(random() * AGENTS.length)],
});

/**
 * A month of sign-in traffic: daily logins (more on weekdays) and app authorisations, typos,
 * two brute-force bursts from abroad, a few suspicious requests, policy exceptions and deploys.
 */
export function demoTraffic(
  users: (TDemoUser & { pk: number })[],
  attackers: TDemoAddress[],
  random: () => number,
  now = new Date(),
  days = 30,
): TCreateEventInput[] {
  const out: TCreateEventInput[] = [];
  const pick = <T>(list: T[]) => list[Math.floor(random() * list.length)];
  const at = (dayAgo: number, hour: number) =>
    new Date(now.getTime() - dayAgo * 86_400_000 - (24 - hour) * 3_600_000 + Math.floor(random() * 3_600_000));
  for (let day = days - 1; day >= 0; day--) {
    const weekday = new Date(now.getTime() - day * 86_400_000).getUTCDay();
    const busy = weekday === 0 || weekday === 6 ? 0.35 : 0.9;
    for (const user of users) {
      if (random() > busy) continue;
      const address = pick(user.home);
      const snapshot = { pk: user.pk, username: user.username, email: user.email };
      const hour = 7 + Math.floor(random() * 11);
      if (random() < 0.08) {
        out.push({
          action: "login_failed",
          app: "herald.auth",
          created: at(day, hour),
          clientIp: address.ip,
          user: snapshot,
          context: { username: user.username, reason: "wrong_password", http_request: httpRequest("/login", random) },
        });
      }
      out.push({
        action: "login",
        app: "herald.auth",
        created: at(day, hour),
        clientIp: address.ip,
        user: snapshot,
        context: { method: "password", http_request: httpRequest("/login", random) },
      });
      const apps = Math.floor(random() * 3);
      for (let i = 0; i < apps; i++) {
        const app = pick(APPS);
        out.push({
          action: "authorize_application",
          app: "authentik.providers.oauth2",
          created: at(day, hour + 1),
          clientIp: address.ip,
          user: snapshot,
          context: {
            authorized_application: { app: "authentik_core", model_name: "application", pk: app.pk, name: app.name },
          },
        });
      }
      if (random() < 0.5)
        out.push({
          action: "logout",
          app: "herald.auth",
          created: at(day, hour + 6),
          clientIp: address.ip,
          user: snapshot,
          context: { http_request: httpRequest("/", random) },
        });
    }
  }
  for (const [index, attacker] of attackers.slice(0, 2).entries()) {
    const day = 3 + index * 11;
    for (let attempt = 0; attempt < 40; attempt++) {
      const victim = pick(users);
      out.push({
        action: "login_failed",
        app: "herald.auth",
        created: at(day, 2 + attempt / 20),
        clientIp: attacker.ip,
        user: {},
        context: {
          username: attempt % 3 ? victim.username : "admin",
          reason: attempt % 3 ? "wrong_password" : "unknown_user",
          http_request: httpRequest("/login", random),
        },
      });
    }
    out.push({
      action: "suspicious_request",
      app: "herald.auth",
      created: at(day, 4),
      clientIp: attacker.ip,
      user: {},
      context: { message: "Burst of failed sign-ins from one address", attempts: 40 },
    });
  }
  for (let i = 0; i < 4; i++) {
    out.push({
      action: "policy_exception",
      app: "herald.policies",
      created: at(Math.floor(random() * days), 12),
      user: {},
      context: {
        message: "TypeError: cannot read properties of undefined (reading 'country')\n    at expression (policy:3:27)",
        policy_uuid: "00000000-0000-4000-8000-00000000d3m0",
        binding: { app: "herald_policies", model_name: "policybinding", pk: "demo", name: "Rule geo-alert, order 0" },
      },
    });
  }
  for (let i = 0; i < 10; i++) {
    out.push({
      action: "custom_deploy",
      app: "ci.pipeline",
      created: at(Math.floor(random() * days), 15),
      user: { username: "ci-bot" },
      brand: { name: "Acme" },
      context: {
        message: `Deployed release 4.${i} to production`,
        service: pick(["api", "web", "worker"]),
        commit: Math.floor(random() * 0xfffffff).toString(16),
      },
    });
  }
  return out.sort((a, b) => (a.created?.getTime() ?? 0) - (b.created?.getTime() ?? 0));
}
