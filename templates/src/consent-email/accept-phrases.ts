import type { Locale } from '../locales';

/**
 * The exact reply that counts as consent, per locale. The emails ask for these words and the
 * inbound reply classifier should look for these same strings.
 */
export const ACCEPT_PHRASES: Readonly<Record<Locale, string>> = {
  en: 'I accept',
  nb: 'Jeg godtar',
  de: 'Ich stimme zu',
  sv: 'Jag godkänner',
  da: 'Jeg accepterer',
  nl: 'Ik ga akkoord',
  fi: 'Hyväksyn',
};
