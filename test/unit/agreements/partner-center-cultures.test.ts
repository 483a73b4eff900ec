import { cultureCandidates, cultureFor, localeOfCulture, agreementContentTypeOf } from '@mca/core';
import { PDF_CONTENT_TYPE, WORD_CONTENT_TYPE } from '@mca/templates';

const cultures = (country: string, language: string | undefined) => cultureCandidates(country, language).map((c) => c.culture);

describe('Partner Center cultures: our locale in a country', () => {
  it.each([
    ['nb', 'NO', 'nb-NO'],
    ['nb', 'SJ', 'nb-NO'],
    ['de', 'DE', 'de-DE'],
    ['de', 'AT', 'de-AT'],
    ['de', 'CH', 'de-CH'],
    ['de', 'LI', 'de-DE'],
    ['sv', 'SE', 'sv-SE'],
    ['sv', 'AX', 'sv-SE'],
    ['sv', 'FI', 'sv-FI'],
    ['da', 'DK', 'da-DK'],
    ['da', 'GL', 'da-DK'],
    ['nl', 'NL', 'nl-NL'],
    ['nl', 'BE', 'nl-BE'],
    ['fi', 'FI', 'fi-FI'],
    ['en', 'GB', 'en-US'],
    ['en', 'NO', 'en-US'],
  ] as const)('%s in %s -> %s', (locale, country, culture) => {
    expect(cultureFor(locale, country)).toBe(culture);
  });

  it('reads the locale of a culture Microsoft served', () => {
    expect(localeOfCulture('en-US')).toBe('en');
    expect(localeOfCulture('nb-NO')).toBe('nb');
    expect(localeOfCulture('de-AT')).toBe('de');
    expect(localeOfCulture('fr-BE')).toBeUndefined();
  });
});

describe('Partner Center cultures: fallback order', () => {
  it.each([
    // customer's language for the country -> the country's default -> en-US, without repeats
    ['NO', 'nb-NO', ['nb-NO', 'en-US']],
    ['NO', 'nn', ['nb-NO', 'en-US']],
    ['NO', undefined, ['nb-NO', 'en-US']],
    ['NO', 'en-GB', ['en-US', 'nb-NO']],
    ['NO', 'de-DE', ['nb-NO', 'en-US']], // German is not offered in Norway
    ['FI', 'sv-FI', ['sv-FI', 'fi-FI', 'en-US']],
    ['FI', 'fi', ['fi-FI', 'en-US']],
    ['AT', 'de', ['de-AT', 'en-US']],
    ['CH', 'fr-CH', ['de-CH', 'en-US']],
    ['BE', 'nl-BE', ['nl-BE', 'en-US']],
    ['SE', 'sv', ['sv-SE', 'en-US']],
    ['DK', 'da-DK', ['da-DK', 'en-US']],
    ['US', 'nb-NO', ['en-US']],
    ['JP', 'ja', ['en-US']],
  ] as const)('%s + %s -> %j', (country, language, expected) => {
    expect(cultures(country, language)).toEqual(expected);
  });

  it('keeps the locale with each culture', () => {
    expect(cultureCandidates('FI', 'sv-FI')).toEqual([
      { locale: 'sv', culture: 'sv-FI' },
      { locale: 'fi', culture: 'fi-FI' },
      { locale: 'en', culture: 'en-US' },
    ]);
  });
});

describe('agreement document content type, from the bytes', () => {
  it('recognizes a Word package and a PDF, and refuses anything else', () => {
    expect(agreementContentTypeOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0x00]))).toBe(WORD_CONTENT_TYPE);
    expect(agreementContentTypeOf(Buffer.from('%PDF-1.7\n%%EOF\n', 'latin1'))).toBe(PDF_CONTENT_TYPE);
    expect(agreementContentTypeOf(Buffer.from('<!doctype html><p>Sign in</p>'))).toBeUndefined();
    expect(agreementContentTypeOf(Buffer.alloc(0))).toBeUndefined();
  });
});
