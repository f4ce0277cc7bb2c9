import {
  isScheduledJob,
  type TJobDefinition,
  type TQueuedJobDefinition,
  type TScheduledJobDefinition,
} from "./define-job";

/** The background jobs of one process: one queue or one timer per name. */
export type TJobRegistry = {
  queued: TQueuedJobDefinition<object>[];
  scheduled: TScheduledJobDefinition[];
  has(definition: TJobDefinition): boolean;
};

/** Fails on two jobs with one name: they would share a queue, and each worker would run the other's jobs. */
export function createJobRegistry(definitions: readonly TJobDefinition[]): TJobRegistry {
  const byName = new Map<string, TJobDefinition>();
  for (const definition of definitions) {
    if (byName.has(definition.name)) throw new Error(`Two background jobs are named "${definition.name}".`);
    byName.set(definition.name, definition);
  }
  const scheduled = definitions.filter(isScheduledJob);
  return {
    queued: definitions.filter((definition): definition is TQueuedJobDefinition<object> => !isScheduledJob(definition)),
    scheduled,
    has: (definition) => byName.get(definition.name) === definition,
  };
}
