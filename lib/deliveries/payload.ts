/** What a delivery sends, frozen when it is planned so retries and replays send the same thing. */
export type TDeliveryPayload = {
  severity: string;
  body: string;
  hyperlink: string | null;
  hyperlink_label: string | null;
  rule_name: string;
  /** "local" for the bell notification of a rule without transports (no transport row). */
  implicit_local?: boolean;
};

/** A bell delivery of a rule without transports: it has no transport row, only this flag. */
export function isImplicitLocal(payload: unknown): boolean {
  return Boolean((payload as Partial<TDeliveryPayload> | null)?.implicit_local);
}
