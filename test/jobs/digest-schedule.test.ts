import { Cron } from 'croner';
import { describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.ts';
import { digestCronPatterns } from '../../src/jobs/digest-schedule.ts';
import { digestPeriod } from '../../src/jobs/digest-period.ts';

describe('digest schedule', () => {
  const { digest } = loadConfig({ DIGEST_HOUR: '7', DIGEST_TIMEZONE: 'Europe/Berlin', DIGEST_WEEKDAY: 'Friday' });
  const next = (pattern: string, from: string) =>
    new Cron(pattern, { timezone: digest.timeZone }).nextRun(new Date(from))!.toISOString();

  it('sends daily digests on weekdays and weekly ones on the configured day, at the hour in the time zone', () => {
    const patterns = digestCronPatterns(digest);
    expect(patterns).toEqual({ daily: '0 7 * * 1-5', weekly: '0 7 * * 5' });
    // Friday afternoon: the next daily digest is Monday 07:00 in Berlin (CET, UTC+1).
    expect(next(patterns.daily, '2026-03-06T12:00:00Z')).toBe('2026-03-09T06:00:00.000Z');
    expect(next(patterns.weekly, '2026-03-06T12:00:00Z')).toBe('2026-03-13T06:00:00.000Z');
    // After the switch to summer time (29 March) 07:00 in Berlin is 05:00 UTC.
    expect(next(patterns.daily, '2026-03-29T12:00:00Z')).toBe('2026-03-30T05:00:00.000Z');
  });

  it('names periods by the local day, so a run just after midnight in Tokyo is the new day', () => {
    expect(digestPeriod('daily', new Date('2026-03-05T15:30:00Z'), 'Asia/Tokyo').key).toBe('daily:2026-03-06');
    expect(digestPeriod('daily', new Date('2026-03-05T15:30:00Z'), 'UTC').key).toBe('daily:2026-03-05');
    expect(digestPeriod('weekly', new Date('2026-03-06T06:00:00Z'), 'Europe/Berlin')).toEqual({
      key: 'weekly:2026-W10',
      frequency: 'weekly',
      day: '2026-03-06',
      range: { from: '2026-02-28', to: '2026-03-06' },
    });
  });

  it('refuses a bad hour, time zone or weekday, naming the variable', () => {
    expect(() => loadConfig({ DIGEST_HOUR: '24' })).toThrow('DIGEST_HOUR: "24" must be a whole number from 0 to 23');
    expect(() => loadConfig({ DIGEST_TIMEZONE: 'Mars/Olympus' })).toThrow(
      'DIGEST_TIMEZONE: "Mars/Olympus" is not an IANA time zone such as Europe/Berlin',
    );
    expect(() => loadConfig({ DIGEST_WEEKDAY: 'caturday' })).toThrow(
      'DIGEST_WEEKDAY: must be one of sunday, monday, tuesday, wednesday, thursday, friday, saturday',
    );
    expect(() => loadConfig({ DIGEST_SIZE: '0' })).toThrow('DIGEST_SIZE: "0" must be a whole number from 1 to 50');
  });
});
