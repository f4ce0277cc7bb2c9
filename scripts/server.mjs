// Herald's HTTP server: Next.js behind a thin node:http wrapper that records the real socket peer
// (Next itself keeps any client-sent X-Forwarded-For, which would let clients spoof their IP).
import { createServer } from "node:http";
import next from "next";

process.env.NEXT_TELEMETRY_DISABLED ??= "1";
const port = Number(process.env.PORT || 3000);
const hostname = process.env.HOSTNAME || "0.0.0.0";

const app = next({ dev: false, hostname, port, dir: process.cwd() });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer((req, res) => {
  req.headers["x-herald-peer"] = req.socket.remoteAddress ?? "";
  handle(req, res);
});
server.listen(port, hostname, () => {
  console.log(`Herald listening on http://${hostname === "0.0.0.0" ? "localhost" : hostname}:${port}`);
});

function shutdown(signal) {
  console.log(`${signal} received, shutting down`);
  server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 10_000).unref();
}
process.on("SIGTERM", () => shutdown("SIGTERM"));
process.on("SIGINT", () => shutdown("SIGINT"));
