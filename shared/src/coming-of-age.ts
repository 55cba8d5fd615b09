/**
 * The moment a child born on `birthdate` (YYYY-MM-DD) turns 18: midnight in Sweden, where
 * custody ends (Föräldrabalken 6:2). Someone born on 29 February comes of age on 1 March.
 */
export function comingOfAge(birthdate: string): number {
  const [year, month, day] = birthdate.split('-').map(Number);
  const utcMidnight = Date.UTC(year + 18, month - 1, day) / 1000;
  return utcMidnight - stockholmOffsetSeconds(utcMidnight);
}

export function stockholmOffsetSeconds(epochSeconds: number): number {
  const parts = new Intl.DateTimeFormat('en-GB', {
    timeZone: 'Europe/Stockholm',
    hourCycle: 'h23',
    year: 'numeric',
    month: '2-digit',
    day: '2-digit',
    hour: '2-digit',
    minute: '2-digit',
    second: '2-digit',
  }).formatToParts(new Date(epochSeconds * 1000));
  const get = (type: string) => Number(parts.find((p) => p.type === type)!.value);
  const wall = Date.UTC(get('year'), get('month') - 1, get('day'), get('hour'), get('minute'), get('second'));
  return wall / 1000 - epochSeconds;
}
