/**
 * When the paper of the day is due: cron expressions read in an IANA time zone (via croner), and the
 * validation `/potd-config` needs to turn what an admin typed into a schedule or a clear refusal.
 * Everything here but runAtSlots is pure: instants go in, instants come out, no clock is read.
 */
import { Cron, type CronOptions } from 'croner';
import { localized, type Localized } from '../messages/catalogue.ts';

/** A daily (or any cron) posting time in a zone, e.g. `{ cron: '0 9 * * *', timeZone: 'Asia/Shanghai' }`. */
export interface Schedule {
  cron: string;
  timeZone: string;
}

/**
 * A setting that cannot be used; `say` says why in words an admin can act on, in the language the front end shows,
 * and `message` says it in English, for the operator and the log.
 */
export class PotdConfigError extends Error {
  override name = 'PotdConfigError';

  constructor(readonly say: Localized) {
    super(say('en'));
  }
}

/** "9:30", "09:30" or "21:05:30" (24-hour clock). */
const TIME_OF_DAY = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/;

/**
 * Turns what an admin typed (`/potd-config time`) or set (POTD_CRON) into a cron expression: a time of day becomes
 * a daily cron ("09:30" → "30 9 * * *"), anything else must be a valid cron expression that fires at some point.
 * Full-width digits and colons ("０９：３０", typed with a Chinese input method) read as their ASCII forms.
 */
export function parseScheduleInput(input: string): string {
  const text = input.normalize('NFKC').trim().replace(/\s+/g, ' ');
  const time = TIME_OF_DAY.exec(text);
  if (time) return dailyCron(Number(time[1]), Number(time[2]), time[3] === undefined ? undefined : Number(time[3]), text);
  validateCron(text);
  return text;
}

function dailyCron(hour: number, minute: number, second: number | undefined, text: string): string {
  if (hour > 23 || minute > 59 || (second ?? 0) > 59) {
    throw new PotdConfigError(localized('notATimeOfDay', { text }));
  }
  return second === undefined ? `${minute} ${hour} * * *` : `${second} ${minute} ${hour} * * *`;
}

/** Throws a PotdConfigError unless `cron` parses and fires at least once in the future. */
export function validateCron(cron: string): void {
  let job: Cron;
  try {
    job = pattern({ cron, timeZone: 'UTC' });
  } catch (error) {
    const reason = error instanceof Error ? error.message.replace(/^CronPattern: /, '') : String(error);
    throw new PotdConfigError(localized('invalidCron', { cron, reason }));
  }
  // Any date the expression can match recurs yearly, so a run after the epoch means it can fire at all.
  if (!job.nextRun(new Date(0))) throw new PotdConfigError(localized('cronNeverFires', { cron }));
}

export function isValidTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The zone's canonical IANA name ("asia/shanghai" → "Asia/Shanghai"), or a PotdConfigError. */
export function parseTimeZone(input: string): string {
  const zone = input.trim();
  if (!zone || !isValidTimeZone(zone)) {
    throw new PotdConfigError(localized('unknownTimeZone', { zone }));
  }
  return new Intl.DateTimeFormat('en-US', { timeZone: zone }).resolvedOptions().timeZone;
}

/** The latest slot at or before `at`, if the schedule ever fired before it. */
export function previousSlot(schedule: Schedule, at: Date): Date | undefined {
  // croner leaves out a run exactly at the reference instant; one millisecond later takes it in.
  return pattern(schedule).previousRuns(1, new Date(at.getTime() + 1))[0];
}

/** The first slot strictly after `at`, if the schedule fires again. */
export function nextSlot(schedule: Schedule, at: Date): Date | undefined {
  return pattern(schedule).nextRun(at) ?? undefined;
}

/**
 * Calls `onSlot` at each slot of `schedule` until stopped: croner's job, which wakes at least every 30 s to re-read the
 * clock, so a suspended machine or a clock jump is noticed soon. Unref'd: the Discord connection keeps the process
 * alive, not this. `onSlot` must not reject (croner would leave the rejection unhandled).
 */
export function runAtSlots(schedule: Schedule, onSlot: () => Promise<void>): { stop(): void } {
  return new Cron(schedule.cron, { ...cronOptions(schedule), unref: true }, () => onSlot());
}

/** The calendar date of `at` in `timeZone`, as "YYYY-MM-DD". */
export function localDate(at: Date, timeZone: string): string {
  let format = dateFormats.get(timeZone);
  if (!format) {
    format = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    dateFormats.set(timeZone, format);
  }
  return format.format(at);
}
const dateFormats = new Map<string, Intl.DateTimeFormat>();

/** Whether two instants fall on the same calendar day in `timeZone` (the catch-up window for a missed slot). */
export function isSameLocalDay(a: Date, b: Date, timeZone: string): boolean {
  return localDate(a, timeZone) === localDate(b, timeZone);
}

/** Identifies a schedule in storage and in timer bookkeeping. */
export function scheduleKey(schedule: Schedule): string {
  return `${schedule.cron}|${schedule.timeZone}`;
}

function pattern(schedule: Schedule): Cron {
  // Without a callback croner only computes dates; nothing is scheduled.
  return new Cron(schedule.cron, cronOptions(schedule));
}

function cronOptions(schedule: Schedule): CronOptions {
  // Year fields are refused so that an expression means the same thing as in ordinary cron.
  return { timezone: schedule.timeZone, mode: '5-or-6-parts' };
}
