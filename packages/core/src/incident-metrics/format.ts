/** How the reports and the dashboard write durations and rates, so both say the same thing. */

/** "45 min", "2 h 5 min", "3 d 4 h"; "-" for no value. */
export function durationText(minutes: number | null): string {
  if (minutes === null) return '-';
  const total = Math.round(minutes);
  if (total < 60) return `${total} min`;
  const days = Math.floor(total / 1440);
  const hours = Math.floor((total % 1440) / 60);
  const rest = total % 60;
  if (days > 0) return hours > 0 ? `${days} d ${hours} h` : `${days} d`;
  return rest > 0 ? `${hours} h ${rest} min` : `${hours} h`;
}

/** "75 %" (whole percent); "-" when nothing was decided. */
export function rateText(rate: number | null): string {
  return rate === null ? '-' : `${Math.round(rate * 100)} %`;
}
