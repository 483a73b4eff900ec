/**
 * CSV (formula) injection guard, as OWASP recommends: a cell a spreadsheet would read as a
 * formula (starting with =, +, -, @, tab or carriage return) is prefixed with a single quote,
 * so it shows as text. Applies to every cell a partner or representative could have typed.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

export function safeCell(value: string): string {
  return FORMULA_START.test(value) ? `'${value}` : value;
}
