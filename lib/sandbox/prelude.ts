/**
 * JavaScript evaluated inside every fresh QuickJS context before the user's expression.
 * (The IP helpers live in SANDBOX_PRELUDE_IP and are only installed when the source names them.)
 *
 * It is a function expression `(log, message) => void` called with two host callbacks (the only
 * host functions the sandbox ever sees); it installs, as globals:
 * - `console.{log,info,debug,warn,error}` and `ak_logger.{debug,info,warning,error}` → captured logs
 * - `ak_message(text)` → adds a message to the result (authentik's ak_message)
 * - (prelude-ip.ts, installed when the source names one) `ip_address(str)` → IPv4/IPv6 address object `{version, toString(), in(network), ipv4_mapped}`
 * - `ip_network(cidr)` → network object `{version, prefixlen, network_address, contains(ip), toString()}`.
 *   Unlike Python's strict default, host bits are masked instead of raising ("10.1.2.3/8" = 10.0.0.0/8).
 *   An IPv4-mapped IPv6 address (::ffff:a.b.c.d) is contained in the IPv4 networks that contain a.b.c.d.
 * - `ip_in_network(ip, cidr)` → boolean; a missing or malformed ip is false (events without client_ip)
 * - `regex_match(value, pattern, flags?)` → boolean (re.search semantics; null/undefined value → false)
 * - `regex_replace(value, pattern, replacement, flags?)` → string; replaces every match; JS `$1` groups
 * - `list_flatten(value)` → first element of an array (null when empty), other values unchanged
 */
export const SANDBOX_PRELUDE = String.raw`(function (hostLog, hostMessage) {
  "use strict";
  const show = (value) => {
    if (typeof value === "string") return value;
    try { const text = JSON.stringify(value); return text === undefined ? String(value) : text; } catch (e) { return String(value); }
  };
  // hostLog answers true once the host keeps no more lines: later calls then skip the formatting.
  let logsFull = false;
  const logger = (level) => (...args) => { if (!logsFull) logsFull = hostLog(level, args.map(show).join(" ")) === true; };
  globalThis.console = { log: logger("info"), info: logger("info"), debug: logger("debug"), warn: logger("warning"), error: logger("error") };
  globalThis.ak_logger = { debug: logger("debug"), info: logger("info"), warning: logger("warning"), warn: logger("warning"), error: logger("error") };
  globalThis.ak_message = (text) => { hostMessage(show(text)); };

  globalThis.regex_match = (value, pattern, flags) => {
    if (value === null || value === undefined) return false;
    return new RegExp(pattern, flags || "").test(String(value));
  };
  globalThis.regex_replace = (value, pattern, replacement, flags) => {
    const f = flags || "";
    return String(value ?? "").replace(new RegExp(pattern, f.includes("g") ? f : f + "g"), replacement);
  };
  globalThis.list_flatten = (value) => (Array.isArray(value) ? (value.length ? value[0] : null) : value);
})`;

/**
 * Trusted helper functions evaluated after the prelude. `compile` turns the user's source into a
 * function whose parameters are the global names (authentik wraps expressions the same way, so a
 * bare `return` works); `invoke` parses the JSON input, lets optional trusted wiring code link
 * objects (e.g. `event = request.context.event`), calls the function and returns JSON text.
 */
export const SANDBOX_COMPILE = String.raw`(function (names, source) {
  "use strict";
  return new Function(...JSON.parse(names), source);
})`;

export const SANDBOX_INVOKE = String.raw`(function (fn, namesJson, input, wire, collectJson) {
  "use strict";
  const stringify = JSON.stringify;
  const names = JSON.parse(namesJson);
  const collect = JSON.parse(collectJson);
  const globals = JSON.parse(input);
  let values = names.map((name) => globals[name]);
  if (wire) values = new Function(...names, wire + "\n;return [" + names.join(",") + "];")(...values);
  const result = fn.apply(undefined, values);
  const collected = {};
  for (const name of collect) collected[name] = values[names.indexOf(name)];
  return stringify({ undef: result === undefined, value: result === undefined ? null : result, collected });
})`;
