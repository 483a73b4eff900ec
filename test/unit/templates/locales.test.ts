import { matchLocale, resolveLocale, SUPPORTED_LOCALES } from '@mca/templates';

describe('resolveLocale', () => {
  it.each([
    ['en', 'en'],
    ['en-US', 'en'],
    ['EN-gb', 'en'],
    ['nb', 'nb'],
    ['nb-NO', 'nb'],
    ['NB-no', 'nb'],
    ['no', 'nb'],
    ['nn', 'nb'],
    ['nn-NO', 'nb'],
    ['nb_NO', 'nb'],
    ['de', 'de'],
    ['de-DE', 'de'],
    ['de-AT', 'de'],
    ['de-CH', 'de'],
    ['sv', 'sv'],
    ['sv-SE', 'sv'],
    ['sv-FI', 'sv'],
    ['da-DK', 'da'],
    ['nl', 'nl'],
    ['nl-NL', 'nl'],
    ['nl-BE', 'nl'],
    ['fi', 'fi'],
    ['fi-FI', 'fi'],
    [' de-at ', 'de'],
    ['fr-CH', 'en'],
    ['pl', 'en'],
    ['', 'en'],
    ['x-klingon', 'en'],
  ])('%j -> %s', (tag, expected) => {
    expect(resolveLocale(tag)).toBe(expected);
  });

  it('falls back to English when no language is known', () => {
    expect(resolveLocale(undefined)).toBe('en');
  });

  it('matchLocale tells "unknown" apart from English', () => {
    expect(matchLocale('fr')).toBeUndefined();
    expect(matchLocale(undefined)).toBeUndefined();
    expect(matchLocale('en-IE')).toBe('en');
  });

  it('lists every supported locale once', () => {
    expect([...SUPPORTED_LOCALES].sort()).toEqual(['da', 'de', 'en', 'fi', 'nb', 'nl', 'sv']);
  });
});
