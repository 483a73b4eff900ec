import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

export const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'email');

export type FixtureLanguage = 'en' | 'nb' | 'de' | 'sv' | 'da' | 'nl' | 'fi';

export function readEml(folder: 'replies' | 'automated', file: string): Buffer {
  return readFileSync(join(FIXTURES, folder, file));
}

export function listEml(folder: 'replies' | 'automated'): string[] {
  return readdirSync(join(FIXTURES, folder)).filter((f) => f.endsWith('.eml'));
}

/** Plain text of the consent email we sent, as rendered for "Fabrikam AS" / "Contoso Cloud AS". */
export function sentText(language: FixtureLanguage): string {
  return readFileSync(join(FIXTURES, 'sent', `${language}.txt`), 'utf8');
}
