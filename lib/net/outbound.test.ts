import assert from "node:assert/strict";
import diagnostics from "node:diagnostics_channel";
import http from "node:http";
import type { AddressInfo } from "node:net";
import { after, before, describe, it } from "node:test";
import { closeOutboundConnections, guardedPost, OutboundRefused, parseNetworks } from "./outbound";

/** A real loopback server that records every body it handles and every TCP connection it accepts. */
type TServer = { url: string; bodies: string[]; connections: number; server: http.Server };

async function startServer(
  onResponse?: (req: http.IncomingMessage, res: http.ServerResponse) => void,
): Promise<TServer> {
  const state: TServer = { url: "", bodies: [], connections: 0, server: http.createServer() };
  state.server.on("connection", () => (state.connections += 1));
  state.server.on("request", (req, res) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      state.bodies.push(Buffer.concat(chunks).toString("utf8"));
      onResponse?.(req, res);
      res.writeHead(200, { "content-type": "text/plain" });
      res.end("ok");
    });
  });
  await new Promise<void>((resolve) => state.server.listen(0, "127.0.0.1", resolve));
  state.url = `http://127.0.0.1:${(state.server.address() as AddressInfo).port}/hook`;
  return state;
}

function stopServer({ server }: TServer): Promise<void> {
  server.closeAllConnections();
  return new Promise((resolve) => server.close(() => resolve()));
}

const loopback = parseNetworks("127.0.0.1/32");

async function waitUntil(condition: () => boolean): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error("condition not met within 10 s");
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
const post = (url: string, body: string, allowedNetworks = loopback) =>
  guardedPost({ url, body, headers: {}, timeoutMs: 5000, allowedNetworks });

describe("guardedPost", () => {
  const servers: TServer[] = [];
  /** Every client request node sends (a retry is a second request for one guardedPost), with how it failed. */
  const started: { request: http.ClientRequest; error: string | null }[] = [];
  const onRequestStart = (message: unknown) => {
    const entry = { request: (message as { request: http.ClientRequest }).request, error: null as string | null };
    started.push(entry);
    entry.request.on("error", (error: NodeJS.ErrnoException) => (entry.error = error.code ?? error.message));
  };

  before(() => diagnostics.subscribe("http.client.request.start", onRequestStart));
  after(async () => {
    diagnostics.unsubscribe("http.client.request.start", onRequestStart);
    // Idle keep-alive sockets would otherwise keep the test process alive.
    closeOutboundConnections();
    await Promise.all(servers.map(stopServer));
  });

  it("reuses one keep-alive connection for sequential POSTs to the same address", async () => {
    const target = await startServer();
    servers.push(target);
    const first = await post(target.url, '{"n":1}');
    const second = await post(target.url, '{"n":2}');
    assert.deepEqual([first.status, second.status], [200, 200]);
    assert.equal(first.body, "ok");
    assert.deepEqual(target.bodies, ['{"n":1}', '{"n":2}']);
    assert.equal(target.connections, 1, "the second POST went over the first connection");
  });

  it("retries once on a new connection when the reused socket was closed by the server", async () => {
    // The server drops each connection as soon as its response is flushed; the client only reads
    // the FIN after it has already written the next request onto that socket (a stale reuse).
    // (The socket is taken from the request: the response detaches it before user 'finish' listeners run.)
    const target = await startServer((req, res) => res.on("finish", () => req.socket.destroy()));
    servers.push(target);
    const before = started.length;
    assert.equal((await post(target.url, '{"n":1}')).status, 200);
    const second = await post(target.url, '{"n":2}');
    assert.equal(second.status, 200);
    assert.equal(second.body, "ok");
    assert.deepEqual(target.bodies, ['{"n":1}', '{"n":2}'], "the second body arrived exactly once");
    assert.equal(target.connections, 2);
    const attempts = started.slice(before);
    assert.equal(attempts.length, 3, "first POST, the stale attempt of the second, its retry");
    assert.equal(attempts[1].request.reusedSocket, true);
    assert.ok(
      ["ECONNRESET", "EPIPE"].includes(attempts[1].error ?? ""),
      `stale attempt failed with ${attempts[1].error}`,
    );
    assert.deepEqual(
      [attempts[2].request.reusedSocket, attempts[2].error],
      [false, null],
      "the retry used a fresh socket and succeeded",
    );
  });

  it("does not retry a failure on a fresh connection", async () => {
    // A server that accepts and immediately hangs up: the error is not a stale keep-alive socket.
    const target = await startServer();
    target.server.removeAllListeners("request");
    target.server.on("request", (req) => req.socket.destroy());
    servers.push(target);
    const before = started.length;
    await assert.rejects(post(target.url, "{}"), (error: NodeJS.ErrnoException) => error.code === "ECONNRESET");
    assert.equal(started.length - before, 1, "one request, no retry");
    assert.equal(target.connections, 1);
  });

  it("refuses a loopback target that is not in the allowed networks, without connecting", async () => {
    const target = await startServer();
    servers.push(target);
    await assert.rejects(post(target.url, "{}", parseNetworks("")), OutboundRefused);
    assert.equal(target.connections, 0);
    assert.deepEqual(target.bodies, []);
  });

  it("requests hanging on one path of a host do not queue a request to another path of that host", async () => {
    const hanging: http.ServerResponse[] = [];
    const target = await startServer();
    servers.push(target);
    // More hanging requests than any sensible per-host socket cap.
    target.server.removeAllListeners("request");
    target.server.on("request", (req, res) => {
      req.resume();
      req.on("end", () => {
        if (req.url === "/slow") hanging.push(res);
        else res.end("ok");
      });
    });
    const base = target.url.replace(/\/hook$/, "");
    const slow = Array.from({ length: 80 }, () => post(`${base}/slow`, "{}").catch(() => null));
    await waitUntil(() => hanging.length === 80);
    const fast = await post(`${base}/fast`, "{}");
    assert.equal(fast.status, 200);
    for (const res of hanging) res.end("late");
    await Promise.all(slow);
  });
});
