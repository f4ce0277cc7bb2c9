import {
  TRANSPORT_MODE_LABELS as LONG_LABELS,
  TRANSPORT_MODE_SHORT_LABELS,
  TRANSPORT_MODES,
} from "@/db/schema/transport-modes";

/** Every transport mode as the mode select and filter list it (`label`) and the table's mode badge shows it (`short`). */
export const TRANSPORT_MODE_LABELS = TRANSPORT_MODES.map((value) => ({
  value,
  label: LONG_LABELS[value],
  short: TRANSPORT_MODE_SHORT_LABELS[value],
}));
