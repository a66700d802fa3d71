/**
 * Spreadsheet formula injection (CWE-1236): a cell that starts with `=`, `+`, `-`, `@`, a tab or a carriage
 * return may be run as a formula when a published CSV is opened in a spreadsheet. Such cells get a leading `'`,
 * which spreadsheets show as text (OWASP "CSV Injection"). A plain number such as `-3` or `+4.5` is left alone:
 * it is not a formula, and quoting it would turn numbers into text for every user of the open data.
 */
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/;

export function neutralizeFormula(cell: string): string {
  return FORMULA_START.test(cell) && !PLAIN_NUMBER.test(cell) ? `'${cell}` : cell;
}
