import type { TTransportMode } from "@/db/schema";
import { emailAdapter } from "./email";
import { localAdapter } from "./local";
import type { TSendContext, TSendOutcome, TTransportAdapter } from "./types";
import { slackAdapter, webhookAdapter } from "./webhook";

const ADAPTERS: Record<TTransportMode, TTransportAdapter> = {
  local: localAdapter,
  email: emailAdapter,
  webhook: webhookAdapter,
  webhook_slack: slackAdapter,
};

/** Delivers one notification to one recipient; never throws for delivery problems. */
export async function sendThroughTransport(context: TSendContext): Promise<TSendOutcome> {
  const adapter = ADAPTERS[context.transport.mode] as TTransportAdapter | undefined;
  if (!adapter) {
    return {
      status: "failed",
      retryable: false,
      error: `Transport mode "${context.transport.mode}" is not supported.`,
    };
  }
  try {
    return await adapter.send(context);
  } catch (error) {
    // An adapter bug or a database error: retryable, and recorded on the delivery, never lost.
    return { status: "failed", retryable: true, error: (error as Error).message || String(error) };
  }
}

export type { TOutgoingNotification, TRecipient, TSendContext, TSendOutcome, TTransportAdapter } from "./types";
