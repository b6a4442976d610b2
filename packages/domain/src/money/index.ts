export { currencyCodes, currencyMinorDigits, isCurrencyCode } from './currency.js';
export { formatMoney, parseMoney } from './decimal.js';
export { INSTALLMENTS_PER_YEAR, installment } from './installment.js';
export { mulDivRound } from './rounding.js';
