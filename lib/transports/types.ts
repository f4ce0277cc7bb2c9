import type { DbOrTx } from "@/db/client";
import type { TEvent, TSeverity, TTransport, TTransportMode } from "@/db/schema";

/**
 * The contract between dispatch (lib/dispatch) and the transport adapters (lib/transports/<mode>.ts).
 * Dispatch decides *who* gets *what* and records the attempt in the delivery ledger; an adapter only
 * delivers one notification to one recipient through one transport and reports the outcome. Adapters
 * never throw for delivery problems: they return a `failed` outcome.
 */

/** A Herald user receiving a notification (never an anonymous placeholder). */
export type TRecipient = {
  pk: number;
  username: string;
  email: string;
  name: string;
  /** Effective superuser (own flag or a superuser group); authentik shows extra detail to them. */
  isSuperuser: boolean;
};

/** What is being delivered: authentik's unsaved Notification. */
export type TOutgoingNotification = {
  severity: TSeverity;
  /** The event summary (context.message, else "<action>: <context>"), possibly rewritten by a mapping. */
  body: string;
  hyperlink: string | null;
  hyperlinkLabel: string | null;
  /** The triggering event; null for a transport Test without an event. */
  event: TEvent | null;
  /** The rule that fired; null for a transport Test. */
  rule: { pk: string; name: string } | null;
};

export type TSendContext = {
  db: DbOrTx;
  transport: TTransport;
  notification: TOutgoingNotification;
  recipient: TRecipient;
  /**
   * Stable for every attempt of one delivery: the Standard Webhooks `webhook-id`, the local
   * notification's dedup key (so a retried or replayed local delivery never writes a second row).
   */
  deliveryId: string;
  /** 1 for the first attempt. */
  attempt: number;
};

export type TSendOutcome =
  | {
      status: "delivered";
      /** authentik's `messages` (webhook: [status, body]); shown by the transport Test button. */
      messages: unknown[];
      httpStatus?: number;
      smtpResponse?: string;
      /** First bytes of the response body, for the delivery trace. */
      responseExcerpt?: string;
      /** The in-app notification row written (local transport). */
      notificationUuid?: string;
    }
  /** Nothing to do for this recipient (e.g. no email address); final, not an error. */
  | { status: "skipped"; reason: string }
  | {
      status: "failed";
      /** false for permanent problems (refused target, 4xx other than 408/429, bad mapping): no retry. */
      retryable: boolean;
      error: string;
      httpStatus?: number;
      smtpResponse?: string;
      responseExcerpt?: string;
    };

export type TTransportAdapter = {
  mode: TTransportMode;
  send(context: TSendContext): Promise<TSendOutcome>;
};
