import { AppError } from "@/lib/errors";
import { currentDispatcher, type TDispatcher } from "./dispatcher";

/** The server starts dispatch at boot; a route reaching here without it is a server error, not user input. */
export function requireDispatcher(): TDispatcher {
  const dispatcher = currentDispatcher();
  if (!dispatcher) throw new AppError("unavailable", "The delivery queue is not running yet; try again in a moment.");
  return dispatcher;
}
