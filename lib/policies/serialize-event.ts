/** Policies see the event exactly as the API serializes it (lib/events/serialize.ts). */
export {
  eventModelRef,
  serializeEvent as serializeEventForPolicy,
  type TSerializedEvent,
} from "@/lib/events/serialize";
