// Instants as a billing person reads them: the wall clock of the organization's zone, with the
// zone's abbreviation ("2026-03-07 23:00 EST"). This is formatting only: every instant printed
// comes from the domain (tallyInstant, startOfDate, a line's tallyAt). The domain has no
// instant-to-local formatter, so Intl does it here, from epoch milliseconds and an explicit
// zone: no Date object, no arithmetic, and nothing read from the machine's own zone or clock.
import { type Instant, instantToEpochMs } from '@tally/domain';

export interface LocalTime {
  /** `2026-03-07 23:00 EST`: seconds only when they are not zero. */
  readonly text: string;
  /** `2026-03-07`, the local civil date. */
  readonly date: string;
  /** `23:00 EST`. */
  readonly clock: string;
  /** The UTC offset in effect, `GMT-05:00`: two instants are on different clocks (a DST change
   * between them) when their offsets differ. */
  readonly offset: string;
}

// en-US names the North American zones (PST, EDT), en-GB the European ones (CET, CEST); a zone
// neither names is shown with its offset (UTC+05:30).
const NAMING_LOCALES = ['en-US', 'en-GB'] as const;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(locale: string, timeZone: string, timeZoneName: 'short' | 'longOffset') {
  const key = `${locale} ${timeZone} ${timeZoneName}`;
  let known = formatters.get(key);
  if (known === undefined) {
    known = new Intl.DateTimeFormat(locale, {
      timeZone,
      timeZoneName,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      minute: '2-digit',
      second: '2-digit',
      hourCycle: 'h23',
    });
    formatters.set(key, known);
  }
  return known;
}

function partsOf(epochMs: number, locale: string, timeZone: string, timeZoneName: 'short' | 'longOffset') {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, string>> = {};
  for (const part of formatter(locale, timeZone, timeZoneName).formatToParts(epochMs)) {
    parts[part.type] = part.value;
  }
  return parts;
}

/** The wall-clock time of `instant` in `timeZone`. */
export function localTime(instant: Instant, timeZone: string): LocalTime {
  const epochMs = instantToEpochMs(instant);
  if (Number.isNaN(epochMs)) throw new RangeError(`not a canonical instant: "${instant}"`);
  const numeric = partsOf(epochMs, 'en-US', timeZone, 'longOffset');
  const offset = numeric.timeZoneName ?? 'GMT';
  let zone = offset === 'GMT' ? 'UTC' : offset.replace('GMT', 'UTC');
  for (const locale of NAMING_LOCALES) {
    const name = partsOf(epochMs, locale, timeZone, 'short').timeZoneName;
    if (name !== undefined && /^[A-Z]{2,5}$/.test(name)) {
      zone = name;
      break;
    }
  }
  const date = `${numeric.year}-${numeric.month}-${numeric.day}`;
  const seconds = numeric.second === '00' ? '' : `:${numeric.second}`;
  const clock = `${numeric.hour}:${numeric.minute}${seconds} ${zone}`;
  return { text: `${date} ${clock}`, date, clock, offset };
}
