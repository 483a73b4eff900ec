import type { Locale } from '../locales';

/**
 * The operator's table of agreement links, keyed like the PDF directory: `<country>-<language>`
 * (`no-nb`), `<language>` (`nb`), `default`; lower case. Used where Partner Center is not
 * configured, e.g. to point Norwegian customers at Microsoft's Norwegian copy.
 */
export type AgreementUrlTable = Readonly<Record<string, string>>;

/** The most specific link for a country and language, or undefined (no `default`: that is the caller's last resort). */
export function agreementUrlFor(table: AgreementUrlTable, country: string, language: Locale): string | undefined {
  return table[`${country.toLowerCase()}-${language}`] ?? table[language];
}
