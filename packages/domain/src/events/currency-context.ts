// Prices checked against the organization's currency, which the event itself does not carry:
// `"10.005"` is fine for KWD and wrong for USD.
import { tooManyDecimals } from './decimal.js';
import { quote } from './show.js';
import type { TallyEvent } from './types.js';

export interface CurrencyProblem {
  readonly path: string;
  readonly problem: string;
}

export function checkAgainstCurrency(event: TallyEvent, currency: string): CurrencyProblem | undefined {
  const prices: [string, string | undefined][] = [];
  switch (event.type) {
    case 'SubscriptionStarted': {
      const { plan } = event.data;
      if (plan.model === 'per-user')
        prices.push(['data.plan.annualPricePerLicense', plan.annualPricePerLicense]);
      else if (plan.billing === 'monthly')
        prices.push(['data.plan.monthlyPricePerDevice', plan.monthlyPricePerDevice]);
      else prices.push(['data.plan.annualPricePerDevice', plan.annualPricePerDevice]);
      break;
    }
    case 'SubscriptionRenewed':
      prices.push(['data.annualPricePerLicense', event.data.annualPricePerLicense]);
      prices.push(['data.annualPricePerDevice', event.data.annualPricePerDevice]);
      break;
    case 'InvoiceIssued':
      // Its amounts were checked against its own currency; that must be the organization's.
      if (event.data.currency !== currency) {
        return {
          path: 'data.currency',
          problem: `${quote(event.data.currency)} is not the organization's currency ${currency}`,
        };
      }
      break;
    default:
      break;
  }
  for (const [path, price] of prices) {
    const problem = price === undefined ? undefined : tooManyDecimals(price, currency);
    if (problem !== undefined) return { path, problem };
  }
  return undefined;
}
