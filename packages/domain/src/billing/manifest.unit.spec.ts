import { readFileSync } from 'node:fs';
import { fc, test } from '@fast-check/vitest';
import { describe, expect, it } from 'vitest';
import type { Command } from '../decide/commands.js';
import { decide } from '../decide/decide.js';
import { given, PER_DEVICE_MONTHLY, register, start } from '../decide/decide.spec-helper.js';
import { isDecisionError } from '../decide/errors.js';
import type { InvoiceManifest, PendingEvent } from '../events/types.js';
import {
  ENGINE_VERSION,
  hostTzdbVersion,
  invoiceManifest,
  manifestDifferences,
  RULES_VERSION,
} from './manifest.js';

const MANIFEST: InvoiceManifest = { engineVersion: '9.9.9', rulesVersion: 'r-test', tzdbVersion: '2024a' };

const issue = (data: Record<string, unknown>, type = 'IssueInvoice'): Command =>
  ({ type, orgId: 'acme', at: '2026-03-20T00:00:00Z', data }) as unknown as Command;

const manifestsOf = (events: readonly PendingEvent[]) =>
  events.map((event) => (event.type === 'InvoiceIssued' ? event.data.manifest : 'not an invoice'));

describe('the engine version', () => {
  it('is the version in @tally/domain package.json', () => {
    const json = JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8'));
    expect(ENGINE_VERSION).toBe(json.version);
  });

  it('and the rules version make the manifest with the tzdb given', () => {
    expect(invoiceManifest('2025c')).toEqual({
      engineVersion: ENGINE_VERSION,
      rulesVersion: RULES_VERSION,
      tzdbVersion: '2025c',
    });
  });

  it("reads the host's tzdb from process.versions.tz", () => {
    expect(hostTzdbVersion()).toBe(process.versions.tz ?? 'unknown');
  });
});

const version = fc.stringMatching(/^[0-9a-z.]{1,6}$/);
const manifest = fc.record({ engineVersion: version, rulesVersion: version, tzdbVersion: version });

describe('manifestDifferences', () => {
  test.prop([manifest, manifest], { numRuns: 200 })(
    'names exactly the fields that differ, with both values',
    (issued, own) => {
      const differences = manifestDifferences(issued, own);
      for (const field of ['engineVersion', 'rulesVersion', 'tzdbVersion'] as const) {
        const found = differences.find((difference) => difference.field === field);
        if (issued[field] === own[field]) expect(found).toBeUndefined();
        else expect(found).toEqual({ field, issued: issued[field], own: own[field] });
      }
    },
  );

  test.prop([manifest])('finds none against itself, nor for an invoice issued without one', (own) => {
    expect(manifestDifferences(own, own)).toEqual([]);
    expect(manifestDifferences({ ...own }, own)).toEqual([]);
    expect(manifestDifferences(null, own)).toEqual([]);
  });
});

describe('the issuing commands', () => {
  const { state } = given([register(), start(PER_DEVICE_MONTHLY, '2026-01-15')]);

  it('record the manifest they bring on the invoice, and change nothing else', () => {
    const withIt = decide(issue({ billingDate: '2026-02-15', manifest: MANIFEST }), state);
    const without = decide(issue({ billingDate: '2026-02-15' }), state);
    if (withIt._tag === 'Left' || without._tag === 'Left') throw new Error('refused');
    expect(manifestsOf(withIt.right)).toEqual([MANIFEST]);
    expect(manifestsOf(without.right)).toEqual([null]);
    const [a, b] = [withIt.right[0], without.right[0]] as [PendingEvent, PendingEvent];
    expect({ ...a, data: { ...a.data, manifest: null } }).toEqual(b);
  });

  it('put it on every invoice a billing run issues', () => {
    const due = decide(issue({ manifest: MANIFEST }, 'IssueDueInvoices'), state);
    if (due._tag === 'Left') throw new Error(due.left.message);
    expect(manifestsOf(due.right)).toEqual([MANIFEST, MANIFEST, MANIFEST]);
  });

  it.each(['engineVersion', 'rulesVersion', 'tzdbVersion'] as const)(
    'refuse a manifest with an empty %s, naming the field',
    (field) => {
      for (const command of [
        issue({ billingDate: '2026-02-15', manifest: { ...MANIFEST, [field]: '' } }),
        issue({ manifest: { ...MANIFEST, [field]: '' } }, 'IssueDueInvoices'),
      ]) {
        const decision = decide(command, state);
        expect(decision._tag).toBe('Left');
        if (decision._tag === 'Left') {
          expect(isDecisionError(decision.left)).toBe(true);
          expect(decision.left.message).toContain(`data.manifest.${field}`);
        }
      }
    },
  );
});
