// `tally export`: an organization's events as a sealed JSONL file (sealEvent, @tally/proofs).
// The source is read once, each event checked and sealed as it streams, into a file beside the
// result: to --out FILE, FILE.partial, renamed to FILE only when the whole source was good; to
// stdout, a temporary file that is copied to stdout only then. A bad line, a source that changes
// under the read or a signal (see leftovers.ts) leaves no output: stdout never gets a partial
// export.
import { once } from 'node:events';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdtemp, rename, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { type EventStore, loadOrgEvents } from '@tally/ledger';
import { GENESIS_CHAIN, sealEvent } from '@tally/proofs';
import type { CliIo } from '../io.js';
import { removeOnSignal } from '../leftovers.js';
import { checkOutFile } from '../out-file.js';
import { type CommonOptions, noSuchOrg, sourceNameOf, withSource } from './with-source.js';

export interface ExportCommandOptions extends CommonOptions {
  readonly org: string;
  /** Absent: stdout. */
  readonly out?: string | undefined;
}

export async function exportCommand(options: ExportCommandOptions, io: CliIo): Promise<void> {
  if (options.out !== undefined) await checkOutFile(options.out);
  const { count, head } = await withSource(options, io, 'export', async (store) => {
    try {
      if (options.out !== undefined) return await writeSealedFile(store, options.org, options.out);
      return await writeSealedToStdout(store, options.org, io.stdout);
    } catch (error) {
      throw noSuchOrg(error, options.org, sourceNameOf(options.source));
    }
  });
  if (!options.quiet) {
    io.stderr.write(`exported ${count} events of org ${options.org}; chain head ${head}\n`);
  }
}

/** Lines are written in batches: a write per line costs more than sealing it. */
const LINES_PER_WRITE = 512;

async function writeSealed(store: EventStore, orgId: string, out: Writable) {
  let head = GENESIS_CHAIN;
  let count = 0;
  let batch = '';
  const flush = async () => {
    if (batch !== '' && !out.write(batch)) await once(out, 'drain');
    batch = '';
  };
  for await (const event of loadOrgEvents(store, orgId)) {
    const sealed = sealEvent(event, head);
    head = sealed.chain;
    count += 1;
    batch += `${sealed.text}\n`;
    if (count % LINES_PER_WRITE === 0) await flush();
  }
  await flush();
  return { count, head };
}

/** Writes beside the target and renames at the end: a failed export leaves no half file. */
async function writeSealedFile(store: EventStore, orgId: string, path: string) {
  const partial = `${path}.partial`;
  const forget = removeOnSignal(partial);
  const file = createWriteStream(partial);
  try {
    const result = await writeSealed(store, orgId, file);
    file.end();
    await once(file, 'finish');
    await rename(partial, path);
    return result;
  } catch (error) {
    file.destroy();
    await rm(partial, { force: true });
    throw error;
  } finally {
    forget();
  }
}

/** The whole export into a temporary file, then that file to stdout: what reaches stdout is an
 * export of the whole source, checked to its last line, or nothing. */
async function writeSealedToStdout(store: EventStore, orgId: string, stdout: Writable) {
  const directory = await mkdtemp(join(tmpdir(), 'tally-export-'));
  const forget = removeOnSignal(directory);
  try {
    const path = join(directory, 'export.jsonl');
    const result = await writeSealedFile(store, orgId, path);
    await pipeline(createReadStream(path), stdout, { end: false });
    return result;
  } finally {
    await rm(directory, { recursive: true, force: true });
    forget();
  }
}
