import type { Locale } from '../locales';

/**
 * The language a country's agreement is presented in when the customer's own language is not
 * offered there. Countries not listed default to English.
 */
const COUNTRY_DEFAULT: Readonly<Record<string, Locale>> = {
  NO: 'nb',
  SJ: 'nb',
  DE: 'de',
  AT: 'de',
  CH: 'de',
  LI: 'de',
  SE: 'sv',
  AX: 'sv',
  DK: 'da',
  FO: 'da',
  GL: 'da',
  NL: 'nl',
  BE: 'nl',
  FI: 'fi',
};

/** Other languages of ours a country offers besides its default and English (Finland is bilingual). */
const COUNTRY_EXTRA: Readonly<Record<string, readonly Locale[]>> = {
  FI: ['sv'],
};

/** `country` is an upper-case ISO 3166-1 alpha-2 code. */
export function countryDefaultLanguage(country: string): Locale {
  return COUNTRY_DEFAULT[country] ?? 'en';
}

/** Microsoft publishes the MCA in English for every country, so English is always offered. */
export function offeredLanguages(country: string): readonly Locale[] {
  return [...new Set<Locale>([countryDefaultLanguage(country), ...(COUNTRY_EXTRA[country] ?? []), 'en'])];
}

/** The customer's language if the country offers it, else the country's default, else English. */
export function pickLanguage(country: string, wanted: Locale | undefined): Locale {
  const offered = offeredLanguages(country);
  const chain: Array<Locale | undefined> = [wanted, countryDefaultLanguage(country), 'en'];
  return chain.find((lang): lang is Locale => lang !== undefined && offered.includes(lang)) ?? 'en';
}
