import type { Locale } from '../locales';

/** The agreement's name as Microsoft localizes it; shown as the link text in the email. */
export const AGREEMENT_TITLES: Readonly<Record<Locale, string>> = {
  en: 'Microsoft Customer Agreement',
  nb: 'Microsoft-kundeavtale',
  de: 'Microsoft-Kundenvertrag',
  sv: 'Microsoft-kundavtal',
  da: 'Microsoft-kundeaftale',
  nl: 'Microsoft-klantovereenkomst',
  fi: 'Microsoftin asiakassopimus',
};
