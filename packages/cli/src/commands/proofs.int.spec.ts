// The proof commands end to end, in-process, on the auditor example's history (51 events, its
// one InvoiceIssued on line 49): keygen, checkpoint, verify --checkpoint, prove-consistency,
// verify of two checkpoints, prove and verify-bundle; and every tampering class refused, on
// exports and on bundles: the last 1, 2, 5 or 50 lines dropped, a line removed and the chain
// sealed again, a CRLF copy, no final newline, a raw 0xFF where the export had U+FFFD, lines
// reordered, a line altered (with and without sealing again), a one-bit change of the proof,
// the checkpoint or the signature, and a forged invoice signed with the real key.
import { readFileSync } from 'node:fs';
import { readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { InvoiceIssued, TallyEvent } from '@tally/domain';
import { createLogDecoder, serializeEvent } from '@tally/domain';
import { GENESIS_CHAIN, sealEvent } from '@tally/proofs';
import { beforeAll, describe, expect, it } from 'vitest';
import { runTally } from '../cli.js';
import { memoryIo } from '../fixtures/memory-io.spec-helper.js';
import { tempFile } from '../fixtures/sample-log.spec-helper.js';

const historyPath = fileURLToPath(new URL('../../../../examples/auditor/history.jsonl', import.meta.url));
// The org's name gets a U+FFFD, so that a copy can carry a raw 0xFF in its place.
const decoder = createLogDecoder();
const events: TallyEvent[] = readFileSync(historyPath, 'utf8')
  .trimEnd()
  .split('\n')
  .map((line, i) => {
    const decoded = decoder.decodeLine(line, i + 1);
    if (decoded._tag === 'Left') throw new Error(decoded.left.message);
    return decoded.right;
  })
  .map((event) =>
    event.type === 'OrganizationRegistered'
      ? { ...event, data: { ...event.data, name: 'Department of Chemistry \uFFFD' } }
      : event,
  );

let dir = '';
const at = (name: string) => join(dir, name);

async function tally(argv: string[]) {
  const memory = memoryIo();
  const code = await runTally(argv, memory.io);
  return { code, stdout: memory.stdout(), stderr: memory.stderr() };
}

/** The sealed lines of `list`, each with its newline. */
function sealAll(list: readonly TallyEvent[]): string {
  let head = GENESIS_CHAIN;
  return list
    .map((event) => {
      const sealed = sealEvent(event, head);
      head = sealed.chain;
      return `${sealed.text}\n`;
    })
    .join('');
}

let sealedText = '';
let sealedLines: string[] = [];
const key = () => at('auditor.key');
const pub = () => at('auditor.pub');

beforeAll(async () => {
  const log = await tempFile('history.jsonl', events.map((event) => `${serializeEvent(event)}\n`).join(''));
  dir = dirname(log);
  expect(
    (await tally(['export', log, '--org', 'chemistry', '--out', at('sealed.jsonl'), '--quiet'])).code,
  ).toBe(0);
  sealedText = await readFile(at('sealed.jsonl'), 'utf8');
  sealedLines = sealedText.trimEnd().split('\n');
  expect(sealAll(events)).toBe(sealedText);
  expect((await tally(['keygen', '--out', at('auditor')])).code).toBe(0);
  await writeFile(at('early.sealed.jsonl'), sealAll(events.slice(0, 30)));
  for (const [file, out] of [
    ['sealed.jsonl', 'all.checkpoint'],
    ['early.sealed.jsonl', 'early.checkpoint'],
  ]) {
    expect(
      (await tally(['checkpoint', at(file as string), '--key', key(), '--out', at(out as string)])).code,
    ).toBe(0);
  }
  expect(
    (
      await tally([
        'prove',
        at('sealed.jsonl'),
        '--date',
        '2026-09-15',
        '--checkpoint',
        at('all.checkpoint'),
        '--out',
        at('invoice.bundle'),
      ])
    ).code,
  ).toBe(0);
});

const verifyExport = (file: string) =>
  tally(['verify', file, '--checkpoint', at('all.checkpoint'), '--public-key', pub(), '--quiet']);

async function written(name: string, content: string | Buffer): Promise<string> {
  await writeFile(at(name), content);
  return at(name);
}

describe('keygen', () => {
  it('writes a PEM pair and never overwrites it', async () => {
    expect(await readFile(key(), 'utf8')).toMatch(/^-----BEGIN PRIVATE KEY-----\n/);
    expect(await readFile(pub(), 'utf8')).toMatch(/^-----BEGIN PUBLIC KEY-----\n/);
    const again = await tally(['keygen', '--out', at('auditor')]);
    expect(again.code).toBe(2);
    expect(again.stderr).toBe(`tally: ${key()} exists; tally keygen never overwrites a key\n`);
  });
});

describe('a checkpoint', () => {
  it('is a signed note of tally/<org>, the size and the root', async () => {
    const note = await readFile(at('all.checkpoint'), 'utf8');
    expect(note).toMatch(
      /^tally\/chemistry\n51\n[A-Za-z0-9+/]{43}=\n\n\u2014 tally\/chemistry [A-Za-z0-9+/]{91}=\n$/,
    );
  });

  it('verifies the export it was made of, and an export that extends it', async () => {
    const result = await tally([
      'verify',
      at('sealed.jsonl'),
      '--checkpoint',
      at('all.checkpoint'),
      '--checkpoint',
      at('early.checkpoint'),
      '--public-key',
      pub(),
      '--quiet',
    ]);
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    const lines = result.stdout.trimEnd().split('\n');
    expect(lines[1]).toMatch(
      /^matches .*all\.checkpoint: lines 1-51 are the 51 events it signs for tally\/chemistry/,
    );
    expect(lines[2]).toMatch(/^matches .*early\.checkpoint: lines 1-30 .*; lines 31-51 are later$/);
  });

  it('needs its public key, and refuses another key', async () => {
    const missing = await tally(['verify', at('sealed.jsonl'), '--checkpoint', at('all.checkpoint')]);
    expect(missing.code).toBe(2);
    expect((await tally(['keygen', '--out', at('other')])).code).toBe(0);
    const other = await tally([
      'verify',
      at('sealed.jsonl'),
      '--checkpoint',
      at('all.checkpoint'),
      '--public-key',
      at('other.pub'),
    ]);
    expect(other.code).toBe(1);
    expect(other.stderr).toMatch(/all\.checkpoint: not signed by this public key/);
    const secret = await tally([
      'verify',
      at('sealed.jsonl'),
      '--checkpoint',
      at('all.checkpoint'),
      '--public-key',
      key(),
    ]);
    expect(secret.code).toBe(2);
    expect(secret.stderr).toMatch(/a private key: give the public key/);
  });
});

describe('tampered exports are refused, naming the line or the count', () => {
  it.each([1, 2, 5, 50])('the last %i lines dropped', async (dropped) => {
    const file = await written(
      `drop-${dropped}.jsonl`,
      sealedLines
        .slice(0, -dropped)
        .map((l) => `${l}\n`)
        .join(''),
    );
    expect((await tally(['verify', file, '--quiet'])).code).toBe(0); // its own chain holds
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      new RegExp(
        `^${file}: the checkpoint signs 51 events, the export has ${51 - dropped}: lines were removed`,
      ),
    );
  });

  it('a line removed and the chain sealed again', async () => {
    // The InvoiceIssued goes: what is left is a consistent log with an intact chain.
    const file = await written('removed.jsonl', sealAll(events.filter((_, i) => i !== 48)));
    expect((await tally(['verify', file, '--quiet'])).code).toBe(0);
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the checkpoint signs 51 events, the export has 50/);
  });

  it('a line altered and the chain sealed again', async () => {
    const altered = events.map((event) =>
      event.type === 'OrganizationRegistered'
        ? { ...event, data: { ...event.data, name: 'Chemistry' } }
        : event,
    );
    const file = await written('altered.jsonl', sealAll(altered));
    expect((await tally(['verify', file, '--quiet'])).code).toBe(0);
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /^.*altered\.jsonl: lines 1-51 do not give the tree head .*all\.checkpoint signs for 51 events/,
    );
  });

  it('two lines swapped and the chain sealed again', async () => {
    // Two devices, each with its archive, recorded in the other order.
    const swapped = [...events.slice(0, 2), ...events.slice(4, 6), ...events.slice(2, 4), ...events.slice(6)];
    const file = await written('swapped.jsonl', sealAll(swapped));
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/swapped\.jsonl: lines 1-51 do not give the tree head/);
  });

  it('two lines swapped, not sealed again: the chain names the first', async () => {
    const lines = [...sealedLines];
    [lines[4], lines[6]] = [lines[6] as string, lines[4] as string];
    const file = await written('moved.jsonl', lines.map((l) => `${l}\n`).join(''));
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^.*moved\.jsonl:5: chemistry-0007: chain: is /);
  });

  it('a line altered, not sealed again: the chain names it', async () => {
    const file = await written('edited.jsonl', sealedText.replace('chem-laptop-9"', 'chem-laptop-99"'));
    const result = await verifyExport(file);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/^.*edited\.jsonl:(\d+): chemistry-\d+: chain: is /);
  });

  const copies: [string, () => Buffer, RegExp][] = [
    [
      'a CRLF copy',
      () => Buffer.from(sealedText.replace(/\n/g, '\r\n')),
      /:1: -: ends with CR LF: an export has LF line ends only/,
    ],
    [
      'no final newline',
      () => Buffer.from(sealedText.slice(0, -1)),
      /:51: -: no newline at the end of the file/,
    ],
    [
      'a raw 0xFF where the export had U+FFFD',
      () => {
        const bytes = Buffer.from(sealedText);
        const at = bytes.indexOf(Buffer.from('\uFFFD'));
        expect(at).toBeGreaterThan(0);
        return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
      },
      /:1: -: not UTF-8 at byte \d+ of the line \(a byte was changed\)/,
    ],
  ];
  it.each(copies)('%s, with and without a checkpoint', async (name, bytes, message) => {
    const file = await written(`${name.replace(/\W+/g, '-')}.jsonl`, bytes());
    for (const result of [await tally(['verify', file, '--quiet']), await verifyExport(file)]) {
      expect(result.code).toBe(1);
      expect(result.stderr).toMatch(message);
      expect(result.stderr.trimEnd().split('\n')).toHaveLength(1);
    }
  });
});

describe('two checkpoints and a consistency proof', () => {
  beforeAll(async () => {
    const made = await tally([
      'prove-consistency',
      '--old',
      at('early.checkpoint'),
      '--new',
      at('all.checkpoint'),
      at('sealed.jsonl'),
      '--out',
      at('early-to-all.proof'),
    ]);
    expect(made.code).toBe(0);
  });
  const verifyPair = (proof: string, older = 'early.checkpoint', newer = 'all.checkpoint') =>
    tally([
      'verify',
      '--checkpoint',
      at(older),
      '--checkpoint',
      at(newer),
      '--proof',
      proof,
      '--public-key',
      pub(),
    ]);

  it('show that the newer log extends the older', async () => {
    const result = await verifyPair(at('early-to-all.proof'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^consistent: .*all\.checkpoint \(51 events\) extends .*early\.checkpoint \(30 events\)/,
    );
  });

  it('refuse a proof with any one bit changed', async () => {
    const proof = await readFile(at('early-to-all.proof'));
    const json = JSON.parse(proof.toString('utf8')) as { proof: string[] };
    const hashes = json.proof.map((hash) => Buffer.from(hash, 'base64'));
    for (let i = 0; i < hashes.length; i++) {
      for (const bit of [0, 7, 100, 255]) {
        const changed = hashes.map((hash, j) => {
          const copy = Buffer.from(hash);
          if (j === i) copy[bit >> 3] = (copy[bit >> 3] as number) ^ (1 << (bit & 7));
          return copy.toString('base64');
        });
        const file = await written('bit.proof', `${JSON.stringify({ ...json, proof: changed })}\n`);
        const result = await verifyPair(file);
        expect(result.code, `hash ${i} bit ${bit}`).toBe(1);
        expect(result.stderr).toMatch(/does not extend/);
      }
    }
  });

  it('refuse a log rewritten under a new checkpoint', async () => {
    // The operator rewrites line 3 and signs the rewritten log with the same key.
    const rewritten = events.map((event, i) =>
      i === 2 ? { ...event, occurredAt: '2026-01-07T18:30:00Z' } : event,
    );
    await writeFile(at('rewritten.jsonl'), sealAll(rewritten as TallyEvent[]));
    expect(
      (
        await tally([
          'checkpoint',
          at('rewritten.jsonl'),
          '--key',
          key(),
          '--out',
          at('rewritten.checkpoint'),
        ])
      ).code,
    ).toBe(0);
    const prove = await tally([
      'prove-consistency',
      '--old',
      at('early.checkpoint'),
      '--new',
      at('rewritten.checkpoint'),
      at('rewritten.jsonl'),
      '--out',
      at('rewritten.proof'),
    ]);
    expect(prove.code).toBe(1);
    expect(prove.stderr).toMatch(/lines 1-30 do not give the tree head .*early\.checkpoint signs/);
    // And the honest proof does not carry over to the rewritten checkpoint.
    const result = await verifyPair(at('early-to-all.proof'), 'early.checkpoint', 'rewritten.checkpoint');
    expect(result.code).toBe(1);
  });

  it('refuse checkpoints given in the wrong order', async () => {
    const result = await verifyPair(at('early-to-all.proof'), 'all.checkpoint', 'early.checkpoint');
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/give the older checkpoint first/);
  });
});

describe('a one-invoice bundle', () => {
  const verifyBundle = (file: string) => tally(['verify-bundle', file, '--public-key', pub()]);
  let bundleLines: string[] = [];
  beforeAll(async () => {
    bundleLines = (await readFile(at('invoice.bundle'), 'utf8')).trimEnd().split('\n');
  });
  const bundleOf = (lines: readonly string[]) => lines.map((line) => `${line}\n`).join('');
  const withHeader = (change: (header: Record<string, unknown>) => void) => {
    const header = JSON.parse(bundleLines[0] as string) as Record<string, unknown>;
    change(header);
    const keys = Object.keys(header).sort();
    return JSON.stringify(Object.fromEntries(keys.map((k) => [k, header[k]])));
  };

  it('is the header, then the first 49 lines of the export, byte for byte', async () => {
    expect(bundleLines).toHaveLength(50);
    expect(bundleLines.slice(1)).toEqual(sealedLines.slice(0, 49));
    const result = await verifyBundle(at('invoice.bundle'));
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(
      /^verified .*invoice\.bundle: invoice chemistry-0049 of chemistry for 2026-09-15, USD 130\.00, reproduced from the first 49 of the 51 events/,
    );
  });

  it('can be made by invoice number too, and not for an invoice after the checkpoint', async () => {
    // A version-1 invoice: its number is the one its position gives (the org's first, CHEM-2026-1).
    const byNumber = await tally([
      'prove',
      at('sealed.jsonl'),
      '--invoice',
      'CHEM-2026-1',
      '--checkpoint',
      at('all.checkpoint'),
      '--out',
      at('by-number.bundle'),
    ]);
    expect(byNumber.stderr).toMatch(/invoice chemistry-0049 \(billing date 2026-09-15\), lines 1-49 of/);
    expect(byNumber.code).toBe(0);
    expect(await readFile(at('by-number.bundle'), 'utf8')).toBe(await readFile(at('invoice.bundle'), 'utf8'));
    for (const wrong of ['CHEM-2026-2', 'chemistry-0049']) {
      const unknown = await tally([
        'prove',
        at('sealed.jsonl'),
        '--invoice',
        wrong,
        '--checkpoint',
        at('all.checkpoint'),
        '--out',
        at('x.bundle'),
      ]);
      expect(unknown.code).toBe(2);
      expect(unknown.stderr).toContain(
        `no invoice numbered ${wrong} in ${at('sealed.jsonl')}; its issued invoices: CHEM-2026-1 (2026-09-15)`,
      );
    }
    const early = await tally([
      'prove',
      at('sealed.jsonl'),
      '--invoice',
      'CHEM-2026-1',
      '--checkpoint',
      at('early.checkpoint'),
      '--out',
      at('x.bundle'),
    ]);
    expect(early.code).toBe(1);
    expect(early.stderr).toMatch(/:49: chemistry-0049: the invoice is after the 30 events/);
    const none = await tally([
      'prove',
      at('sealed.jsonl'),
      '--date',
      '2026-10-15',
      '--checkpoint',
      at('all.checkpoint'),
      '--out',
      at('x.bundle'),
    ]);
    expect(none.code).toBe(2);
    expect(none.stderr).toMatch(/no InvoiceIssued for billing date 2026-10-15 .*CHEM-2026-1 \(2026-09-15\)/);
    const both = await tally([
      'prove',
      at('sealed.jsonl'),
      '--checkpoint',
      at('all.checkpoint'),
      '--out',
      at('x.bundle'),
    ]);
    expect(both.code).toBe(2);
  });

  it.each([1, 2, 5, 50])('refuses the last %i lines dropped', async (dropped) => {
    const result = await verifyBundle(
      await written(`b-drop-${dropped}`, bundleOf(bundleLines.slice(0, -dropped))),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      dropped === 50
        ? /empty: not a bundle/
        : new RegExp(`the header says 49 events, the bundle has ${49 - dropped}`),
    );
  });

  it('refuses events dropped from its end with the header changed to match', async () => {
    const header = withHeader((h) => {
      h.size = 48;
    });
    const result = await verifyBundle(
      await written('b-short', bundleOf([header, ...bundleLines.slice(1, -1)])),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(
      /b-short:49: chemistry-0048: the last event is an ArchiveCreated, not the InvoiceIssued the bundle proves/,
    );
  });

  it('refuses a line removed and the chain sealed again', async () => {
    const kept = events.slice(0, 49).filter((_, i) => i !== 40 && i !== 41); // a device and its archive
    const header = withHeader((h) => {
      h.size = kept.length;
    });
    const result = await verifyBundle(await written('b-removed', `${header}\n${sealAll(kept)}`));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/the 47 events are not the first 47 of the log the checkpoint signs/);
  });

  it('refuses lines swapped and sealed again, and a line altered and sealed again', async () => {
    const swapped = [
      ...events.slice(0, 2),
      ...events.slice(4, 6),
      ...events.slice(2, 4),
      ...events.slice(6, 49),
    ];
    const altered = events
      .slice(0, 49)
      .map((event) =>
        event.type === 'OrganizationRegistered'
          ? { ...event, data: { ...event.data, name: 'Chemistry' } }
          : event,
      );
    for (const [name, list] of [
      ['b-swapped', swapped],
      ['b-altered', altered],
    ] as const) {
      const result = await verifyBundle(await written(name, `${bundleLines[0]}\n${sealAll(list)}`));
      expect(result.code, name).toBe(1);
      expect(result.stderr).toMatch(/the 49 events are not the first 49 of the log the checkpoint signs/);
    }
  });

  it('refuses a line altered and not sealed again, naming it', async () => {
    const lines = [...bundleLines];
    lines[11] = (lines[11] as string).replace('chem-laptop-5"', 'chem-laptop-55"');
    const result = await verifyBundle(await written('b-edited', bundleOf(lines)));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/b-edited:12: chemistry-0011: chain: is /);
  });

  it('refuses an event id used before, naming both (the ids kept as hashes, the earlier read back)', async () => {
    const first = events[5] as TallyEvent;
    const repeated = events
      .slice(0, 49)
      .map((event, i) => (i === 10 ? { ...event, eventId: first.eventId } : event));
    const result = await verifyBundle(
      await written('b-repeated-id', `${bundleLines[0]}\n${sealAll(repeated)}`),
    );
    expect(result.code).toBe(1);
    expect(result.stderr).toContain(
      `b-repeated-id:12: ${first.eventId}: eventId: already used at line 7; event ids are unique`,
    );
  });

  const copies: [string, () => Buffer, RegExp][] = [
    ['a CRLF copy', () => Buffer.from(bundleOf(bundleLines).replace(/\n/g, '\r\n')), /:1: ends with CR LF/],
    [
      'no final newline',
      () => Buffer.from(bundleOf(bundleLines).slice(0, -1)),
      /:50: no newline at the end of the file/,
    ],
    [
      'a raw 0xFF where the bundle had U+FFFD',
      () => {
        const bytes = Buffer.from(bundleOf(bundleLines));
        const at = bytes.indexOf(Buffer.from('\uFFFD'));
        return Buffer.concat([bytes.subarray(0, at), Buffer.from([0xff]), bytes.subarray(at + 3)]);
      },
      /:2: not UTF-8 at byte \d+/,
    ],
  ];
  it.each(copies)('refuses %s', async (name, bytes, message) => {
    const result = await verifyBundle(await written(name.replace(/\W+/g, '-'), bytes()));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(message);
  });

  it('refuses a one-bit change of the proof, the root or the signature in its header', async () => {
    const header = JSON.parse(bundleLines[0] as string) as { checkpoint: string; consistency: string[] };
    const flip = (base64: string, bit: number) => {
      const bytes = Buffer.from(base64, 'base64');
      bytes[bit >> 3] = (bytes[bit >> 3] as number) ^ (1 << (bit & 7));
      return bytes.toString('base64');
    };
    const [origin, size, root, blank, signature] = header.checkpoint.split('\n') as string[];
    const [mark, name, sig] = (signature as string).split(' ') as [string, string, string];
    const variants = [
      ...header.consistency.map((_, i) =>
        withHeader((h) => {
          h.consistency = header.consistency.map((hash, j) => (j === i ? flip(hash, 3) : hash));
        }),
      ),
      withHeader((h) => {
        h.checkpoint = [origin, size, flip(root as string, 200), blank, signature, ''].join('\n');
      }),
      withHeader((h) => {
        h.checkpoint = [origin, size, root, blank, `${mark} ${name} ${flip(sig, 300)}`, ''].join('\n');
      }),
      withHeader((h) => {
        h.checkpoint = [origin, '50', root, blank, signature, ''].join('\n');
      }),
    ];
    for (const [i, variant] of variants.entries()) {
      const result = await verifyBundle(await written('b-bit', bundleOf([variant, ...bundleLines.slice(1)])));
      expect(result.code, `variant ${i}: ${result.stderr}`).toBe(1);
    }
  });

  it('refuses a forged invoice even when the forger signs a checkpoint of it with the real key', async () => {
    const forged = events.map((event) => {
      if (event.type !== 'InvoiceIssued') return event;
      const issued = event as InvoiceIssued;
      const line = issued.data.lines[0] as InvoiceIssued['data']['lines'][number];
      return {
        ...issued,
        data: {
          ...issued.data,
          lines: [{ ...line, quantity: line.quantity + 1 }, ...issued.data.lines.slice(1)],
        },
      };
    });
    // A quantity off by one leaves the amounts inconsistent; the codecs or the replay refuse.
    await writeFile(at('forged.jsonl'), sealAll(forged as TallyEvent[]));
    expect(
      (await tally(['checkpoint', at('forged.jsonl'), '--key', key(), '--out', at('forged.checkpoint')]))
        .code,
    ).toBe(0);
    expect(
      (
        await tally([
          'prove',
          at('forged.jsonl'),
          '--date',
          '2026-09-15',
          '--checkpoint',
          at('forged.checkpoint'),
          '--out',
          at('forged.bundle'),
        ])
      ).code,
    ).toBe(0);
    const result = await verifyBundle(at('forged.bundle'));
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/forged\.bundle:50: chemistry-0049: data/);
  });
});
