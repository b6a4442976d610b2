// A JSONL file read whole into an in-memory store, for the commands that need a store a run can
// append to (`tally bill`, `tally serve`): every line held to the log checker first, so a file
// that any other command refuses is refused here too, at the same line; each org's events go to
// its stream in file order, in appends of a bounded size.
import type { TallyEvent } from '@tally/domain';
import { type EventStore, getInMemoryEventStore, orgStreamName } from '@tally/ledger';
import { badInput } from '../errors.js';
import { readLines } from './lines.js';
import { createLogChecker } from './log-checker.js';

const APPEND_BATCH = 1_000;

export async function checkedFileInMemory(path: string, name: string): Promise<EventStore> {
  const checker = createLogChecker(name);
  const byOrg = new Map<string, TallyEvent[]>();
  for await (const { text, number } of readLines(path, name)) {
    const checked = checker.accept(text, number);
    if (checked._tag === 'Left') throw badInput(checked.left);
    const events = byOrg.get(checked.right.orgId) ?? [];
    events.push(checked.right);
    byOrg.set(checked.right.orgId, events);
  }
  const store = getInMemoryEventStore();
  for (const [orgId, events] of byOrg) {
    for (let i = 0; i < events.length; i += APPEND_BATCH) {
      await store.appendToStream(orgStreamName(orgId), events.slice(i, i + APPEND_BATCH));
    }
  }
  return store;
}
