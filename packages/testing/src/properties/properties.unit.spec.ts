// Each reusable property passes on @tally/domain and FAILS on a deliberately broken
// implementation handed to it: the property can fail, and it fails for the stated reason.
import { foldOrgEvents, type OrgState, type TallyEvent } from '@tally/domain';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { canonicalJson } from './canonical-json.js';
import { exportChainLines, verifyChainLines } from './export-chain.js';
import {
  asKnownAtReproductionProperty,
  domainInvoices,
  exportVerifyDetectsChangeProperty,
  foldSplitAssociativityProperty,
  installmentsSumProperty,
  invoiceDeterminismProperty,
  overageNeverAboveTermPriceProperty,
} from './properties.js';

const RUNS = { numRuns: 60 };
const failureOf = <T>(
  property: fc.IProperty<T & unknown[]> | fc.IPropertyWithHooks<T & unknown[]>,
  runs = 200,
) => {
  const result = fc.check(property as fc.IProperty<unknown[]>, { numRuns: runs, seed: 42 });
  expect(result.failed).toBe(true);
  return String(result.errorInstance instanceof Error ? result.errorInstance.message : result.errorInstance);
};

describe('installmentsSumProperty', () => {
  it('holds for the domain rule', () => fc.assert(installmentsSumProperty(), { numRuns: 200 }));
  it('fails for P/12 truncated, naming the sum', () => {
    const truncating = (annual: bigint) => annual / 12n;
    expect(failureOf(installmentsSumProperty({ installment: truncating }))).toMatch(
      /the 12 installments of \d+ sum to \d+/,
    );
  });
  it('fails for a rule that puts the remainder in the last month', () => {
    const lumpy = (annual: bigint, k: number) => (k === 12 ? annual - 11n * (annual / 12n) : annual / 12n);
    expect(failureOf(installmentsSumProperty({ installment: lumpy }))).toMatch(
      /installment 12 of \d+ is neither/,
    );
  });
});

describe('overageNeverAboveTermPriceProperty', () => {
  it('holds for the domain invoices', () => fc.assert(overageNeverAboveTermPriceProperty(), RUNS));
  it('fails when overage lines are billed at double price', () => {
    const doubled = (events: readonly TallyEvent[], options: Parameters<typeof domainInvoices>[1]) =>
      domainInvoices(events, options).map((invoice) => ({
        ...invoice,
        lines: invoice.lines.map((line) =>
          line.kind === 'overage' ? { ...line, amount: line.amount * 2n + 1n } : line,
        ),
      }));
    expect(failureOf(overageNeverAboveTermPriceProperty({ invoices: doubled }))).toMatch(
      /overage on .* is outside 0\.\./,
    );
  });
});

describe('foldSplitAssociativityProperty', () => {
  it('holds for foldOrgEvents', () => fc.assert(foldSplitAssociativityProperty(), RUNS));
  it('fails for a fold that forgets the state it was given', () => {
    const forgetful = (state: OrgState, events: readonly TallyEvent[]) =>
      state.version === 0 ? foldOrgEvents(state, events) : foldOrgEvents(state, events.slice(1));
    expect(failureOf(foldSplitAssociativityProperty({ fold: forgetful }))).toMatch(
      /split at \d+ of \d+ differs/,
    );
  });
});

describe('invoiceDeterminismProperty', () => {
  it('holds for the domain invoices', () => fc.assert(invoiceDeterminismProperty(), RUNS));
  it('fails for invoices that depend on how often they were computed', () => {
    let calls = 0;
    const drifting = (events: readonly TallyEvent[], options: Parameters<typeof domainInvoices>[1]) => {
      calls += 1;
      return domainInvoices(events, options).map((invoice) => ({
        ...invoice,
        billingDate: calls % 2 === 0 ? invoice.billingDate : '2099-01-01',
      }));
    };
    expect(failureOf(invoiceDeterminismProperty({ invoices: drifting }))).toMatch(/different invoices/);
  });
});

describe('asKnownAtReproductionProperty', () => {
  it('holds for the domain invoices', () => fc.assert(asKnownAtReproductionProperty(), RUNS));
  it('fails for invoices that ignore asKnownAt (counting events recorded later)', () => {
    const ignoring = (events: readonly TallyEvent[], options: Parameters<typeof domainInvoices>[1]) =>
      domainInvoices(events, { ...options, asKnownAt: '2100-01-01T00:00:00Z' }).map((invoice) => ({
        ...invoice,
        asKnownAt: options.asKnownAt,
      }));
    expect(failureOf(asKnownAtReproductionProperty({ invoices: ignoring }))).toMatch(
      /as known at .* disagree/,
    );
  });
});

describe('exportVerifyDetectsChangeProperty', () => {
  it('holds for the documented chain', () => fc.assert(exportVerifyDetectsChangeProperty(), RUNS));
  it('fails for an export that hashes each event alone (no link to the line before)', () => {
    const unlinked = (events: readonly TallyEvent[]) =>
      exportChainLines(events).map((line, i) =>
        i === 0 ? line : (exportChainLines(events.slice(i, i + 1))[0] as string),
      );
    expect(failureOf(exportVerifyDetectsChangeProperty({ exportLines: unlinked }))).toMatch(
      /does not verify|went unnoticed|reported at line/,
    );
  });
  it('fails for a verifier that only checks the canonical form', () => {
    const lax = (lines: readonly string[]) => {
      const bad = lines.findIndex((line) => canonicalJson(JSON.parse(line)) !== line);
      return bad < 0
        ? { ok: true as const, lines: lines.length }
        : { ok: false as const, line: bad + 1, reason: 'form' };
    };
    expect(failureOf(exportVerifyDetectsChangeProperty({ verify: lax }))).toMatch(/went unnoticed/);
  });
});

describe('export chain', () => {
  it('links each line to the one before with sha256(previous chain + canonical event)', () => {
    const event = {
      type: 'DeviceActivated',
      eventId: 'e-1',
      orgId: 'acme',
      occurredAt: '2026-03-06T23:30:00Z',
      recordedAt: '2026-03-06T23:30:02Z',
      data: { deviceId: 'd-1', userId: 'u-1' },
    } as const;
    const [line] = exportChainLines([event]);
    // Computed independently: printf '%s' "$(printf '0%.0s' {1..64})<canonical>" | sha256sum
    const canonical =
      '{"data":{"deviceId":"d-1","userId":"u-1"},"eventId":"e-1","occurredAt":"2026-03-06T23:30:00Z","orgId":"acme","recordedAt":"2026-03-06T23:30:02Z","type":"DeviceActivated"}';
    expect(canonicalJson(event)).toBe(canonical);
    expect(line).toMatch(/^\{"chain":"[0-9a-f]{64}","data":/);
    expect(verifyChainLines(line === undefined ? [] : [line])).toEqual({ ok: true, lines: 1 });
    expect(verifyChainLines([`${line} `])).toMatchObject({ ok: false, line: 1 });
  });

  it('canonicalJson sorts keys by UTF-16 code units and writes numbers as ECMAScript does', () => {
    expect(canonicalJson({ b: 1, a: [1e21, 0.5, -0, null], é: true, Z: 'x\n' })).toBe(
      '{"Z":"x\\n","a":[1e+21,0.5,0,null],"b":1,"é":true}',
    );
    expect(() => canonicalJson({ n: Number.NaN })).toThrow(/not a JSON number/);
    expect(() => canonicalJson(1n)).toThrow(/bigint is not a JSON value/);
  });
});
