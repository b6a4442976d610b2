// A JSONL file read whole into an in-memory store, for the commands that need a store a run can
// append to (`tally bill`, `tally serve`): every line held to the log checker first, so a file
// that any other command refuses is refused here too, at the same line; each org's events go to
// its stream in file order, in appends of a bounded size.
import type { TallyEvent } from '@tally/domain';
import { type EventStore, getInMemoryEventStore, orgStreamName } from '@tally/ledger';
import { checkLogFile } from '@tally/ledger/log-files';

const APPEND_BATCH = 1_000;

export async function checkedFileInMemory(path: string, name: string): Promise<EventStore> {
  const byOrg = new Map<string, TallyEvent[]>();
  const onEvent = (event: TallyEvent) => {
    const events = byOrg.get(event.orgId) ?? [];
    events.push(event);
    byOrg.set(event.orgId, events);
    return true;
  };
  await checkLogFile({ path, name }, { onEvent });
  const store = getInMemoryEventStore();
  for (const [orgId, events] of byOrg) {
    for (let i = 0; i < events.length; i += APPEND_BATCH) {
      await store.appendToStream(orgStreamName(orgId), events.slice(i, i + APPEND_BATCH));
    }
  }
  return store;
}
