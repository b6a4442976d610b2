// A preload that moves this process's wall clock: `Date.now()`, `new Date()` and `Date()` read
// TALLY_CLOCK_SHIFT_YEARS calendar years (default 5, may be negative) from the real time. Dates
// built from a value (`new Date(0)`, `Date.parse`, `Date.UTC`) are left as they are, and so are
// the monotonic clocks (`performance.now`, `process.hrtime`).
//
//   NODE_OPTIONS="--import=./scripts/shift-clock.mjs" TALLY_CLOCK_SHIFT_YEARS=5 node main.js
//
// Through NODE_OPTIONS it reaches every child process (tsx, vitest's workers). Code that must not
// depend on today's date passes the same with its clock moved (scripts/clock-shift-check.mjs).
const RealDate = globalThis.Date;
const realNow = RealDate.now;

const years = Number(process.env.TALLY_CLOCK_SHIFT_YEARS ?? '5');
if (!Number.isInteger(years)) {
  throw new Error(
    `TALLY_CLOCK_SHIFT_YEARS must be a whole number of years, not "${process.env.TALLY_CLOCK_SHIFT_YEARS}"`,
  );
}
const startedAt = realNow();
const shifted = new RealDate(startedAt);
shifted.setUTCFullYear(shifted.getUTCFullYear() + years);
const offsetMs = shifted.getTime() - startedAt;

function ShiftedDate(...args) {
  if (new.target === undefined) return new RealDate(realNow() + offsetMs).toString();
  return Reflect.construct(RealDate, args.length === 0 ? [realNow() + offsetMs] : args, new.target);
}
Object.setPrototypeOf(ShiftedDate, RealDate); // Date.UTC, Date.parse
Object.defineProperties(ShiftedDate, {
  name: { value: 'Date' },
  length: { value: RealDate.length },
  prototype: { value: RealDate.prototype },
  now: { value: () => realNow() + offsetMs, writable: true, configurable: true },
});
Object.defineProperty(RealDate.prototype, 'constructor', {
  value: ShiftedDate,
  writable: true,
  configurable: true,
});

globalThis.Date = ShiftedDate;
