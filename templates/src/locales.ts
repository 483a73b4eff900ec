/** The languages we write consent emails and pick agreements in. */
export const SUPPORTED_LOCALES = ['en', 'nb', 'de', 'sv', 'da', 'nl', 'fi'] as const;

export type Locale = (typeof SUPPORTED_LOCALES)[number];

/**
 * Primary language subtag -> our locale. Nynorsk and the macrolanguage "no" go to bokmål:
 * Microsoft publishes Norwegian documents in bokmål only, and a Nynorsk reader reads it.
 */
const PRIMARY_SUBTAGS: Readonly<Record<string, Locale>> = {
  en: 'en',
  nb: 'nb',
  no: 'nb',
  nn: 'nb',
  de: 'de',
  sv: 'sv',
  da: 'da',
  nl: 'nl',
  fi: 'fi',
};

/**
 * The locale a BCP 47 tag (case-insensitive, `-` or POSIX `_`) falls into, or undefined when
 * we do not write that language. Region and script subtags never change the answer
 * (de-AT, de-CH -> de; sv-FI -> sv; nl-BE -> nl).
 */
export function matchLocale(language: string | undefined): Locale | undefined {
  if (language === undefined) return undefined;
  const primary = language.trim().toLowerCase().split(/[-_]/, 1)[0];
  return primary === undefined ? undefined : PRIMARY_SUBTAGS[primary];
}

/** Like matchLocale, but English for anything we do not write: the email must go out in something. */
export function resolveLocale(language: string | undefined): Locale {
  return matchLocale(language) ?? 'en';
}

export function isLocale(value: string): value is Locale {
  return (SUPPORTED_LOCALES as readonly string[]).includes(value);
}
