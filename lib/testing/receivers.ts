import { execFileSync } from "node:child_process";
import fs from "node:fs";
import http from "node:http";
import https from "node:https";
import type { AddressInfo } from "node:net";
import os from "node:os";
import path from "node:path";
import { type ParsedMail, simpleParser } from "mailparser";
import { SMTPServer } from "smtp-server";

/** Test-only: real servers on loopback that record what Herald sends them. */

export type TReceivedRequest = { method: string; path: string; headers: http.IncomingHttpHeaders; body: string };
/** `delayMs` or `until` hold the answer back (a slow or hanging receiver). */
export type TReply = {
  status: number;
  body?: string;
  headers?: Record<string, string>;
  delayMs?: number;
  until?: Promise<unknown>;
};
export type THttpReceiver = { url: string; requests: TReceivedRequest[]; close(): Promise<void> };

function handlerFor(requests: TReceivedRequest[], reply: (request: TReceivedRequest, index: number) => TReply) {
  return (req: http.IncomingMessage, res: http.ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on("data", (chunk: Buffer) => chunks.push(chunk));
    req.on("end", () => {
      const received = {
        method: req.method ?? "",
        path: req.url ?? "",
        headers: req.headers,
        body: Buffer.concat(chunks).toString("utf8"),
      };
      requests.push(received);
      const answer = reply(received, requests.length - 1);
      const send = () => {
        if (res.destroyed) return;
        res.writeHead(answer.status, { "content-type": "text/plain", ...answer.headers });
        res.end(answer.body ?? "");
      };
      if (answer.until) void answer.until.then(send);
      else if (answer.delayMs) setTimeout(send, answer.delayMs);
      else send();
    });
  };
}

async function listen(
  server: http.Server | https.Server,
  scheme: "http" | "https",
): Promise<THttpReceiver & { requests: TReceivedRequest[] }> {
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `${scheme}://127.0.0.1:${port}/hook`,
    requests: [],
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections?.();
        server.close(() => resolve());
      }),
  };
}

export async function startHttpReceiver(
  reply: (request: TReceivedRequest, index: number) => TReply = () => ({ status: 200, body: "ok" }),
): Promise<THttpReceiver> {
  const requests: TReceivedRequest[] = [];
  const server = http.createServer(handlerFor(requests, reply));
  const receiver = await listen(server, "http");
  return { ...receiver, requests };
}

/** A self-signed certificate for 127.0.0.1 made with the system's openssl. */
export function selfSignedCertificate(): { key: string; cert: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "herald-cert-"));
  try {
    execFileSync(
      "openssl",
      [
        "req",
        "-x509",
        "-newkey",
        "rsa:2048",
        "-nodes",
        "-days",
        "1",
        "-subj",
        "/CN=127.0.0.1",
        "-addext",
        "subjectAltName=IP:127.0.0.1",
        "-keyout",
        path.join(dir, "key.pem"),
        "-out",
        path.join(dir, "cert.pem"),
      ],
      { stdio: "ignore" },
    );
    return {
      key: fs.readFileSync(path.join(dir, "key.pem"), "utf8"),
      cert: fs.readFileSync(path.join(dir, "cert.pem"), "utf8"),
    };
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

export async function startHttpsReceiver(
  certificate: { key: string; cert: string },
  reply: (request: TReceivedRequest, index: number) => TReply = () => ({ status: 200, body: "ok" }),
): Promise<THttpReceiver> {
  const requests: TReceivedRequest[] = [];
  const server = https.createServer(certificate, handlerFor(requests, reply));
  const receiver = await listen(server, "https");
  return { ...receiver, requests };
}

export type TSmtpReceiver = { url: string; messages: ParsedMail[]; close(): Promise<void> };

/** An SMTP server on loopback (no auth, no TLS) that parses every message it accepts. */
export async function startSmtpReceiver(
  options: { rejectRecipient?: (address: string) => boolean } = {},
): Promise<TSmtpReceiver> {
  const messages: ParsedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS"],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (options.rejectRecipient?.(address.address)) {
        const error = new Error("Mailbox unavailable") as Error & { responseCode: number };
        error.responseCode = 550;
        return callback(error);
      }
      callback();
    },
    onData(stream, _session, callback) {
      simpleParser(stream).then((parsed) => {
        messages.push(parsed);
        callback();
      }, callback);
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.server.address() as AddressInfo;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
