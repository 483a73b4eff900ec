import { countryDefaultLanguage, matchLocale, pickLanguage, type Locale } from '@mca/templates';

/** The culture Partner Center knows each of our languages by, where no regional one applies. */
const PRIMARY_CULTURE: Readonly<Record<Locale, string>> = {
  en: 'en-US',
  nb: 'nb-NO',
  de: 'de-DE',
  sv: 'sv-SE',
  da: 'da-DK',
  nl: 'nl-NL',
  fi: 'fi-FI',
};

/**
 * Regional cultures Partner Center lists for a country besides the primary ones (its "supported
 * languages and locales" table: Austria de-AT, Belgium nl-BE, …). Anything not here is asked
 * for in the primary culture; English is always en-US, Microsoft's own fallback.
 */
const REGIONAL_CULTURES: ReadonlySet<string> = new Set(['de-AT', 'de-CH', 'nl-BE', 'sv-FI']);

/** Our locale in a country (upper-case ISO 3166-1 alpha-2) as a Partner Center culture. */
export function cultureFor(locale: Locale, country: string): string {
  if (locale === 'en') return PRIMARY_CULTURE.en;
  const regional = `${locale}-${country.toUpperCase()}`;
  return REGIONAL_CULTURES.has(regional) ? regional : PRIMARY_CULTURE[locale];
}

/** The locale of a culture Microsoft served (en-US -> en, de-AT -> de), undefined if not one of ours. */
export function localeOfCulture(culture: string): Locale | undefined {
  return matchLocale(culture);
}

export interface CultureCandidate {
  locale: Locale;
  culture: string;
}

/**
 * What to ask Partner Center for, most preferred first: the customer's language where the
 * country offers it, then the country's default language, then en-US. Duplicates are dropped.
 * `country` is upper-case ISO 3166-1 alpha-2; `language` the customer's BCP 47 tag.
 */
export function cultureCandidates(country: string, language: string | undefined): CultureCandidate[] {
  const chain: Locale[] = [pickLanguage(country, matchLocale(language)), countryDefaultLanguage(country), 'en'];
  const seen = new Set<string>();
  const out: CultureCandidate[] = [];
  for (const locale of chain) {
    const culture = cultureFor(locale, country);
    if (seen.has(culture)) continue;
    seen.add(culture);
    out.push({ locale, culture });
  }
  return out;
}
