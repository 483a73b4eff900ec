import { createHash } from 'node:crypto';

export interface AgreementReference {
  templateId: string;
  url: string;
  language: string;
  country: string;
}

/** JSON with keys in sorted order, so the same reference always yields the same bytes. */
function canonicalJson(value: Readonly<Record<string, string>>): string {
  const sorted = Object.fromEntries(Object.entries(value).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
  return JSON.stringify(sorted);
}

/**
 * When no file is attached there are no document bytes to hash, yet the consent record must
 * still pin exactly which reference was presented (template, link, language, country), so an
 * auditor can tell two presentations apart and detect a record edited afterwards.
 */
export function referenceSha256(ref: AgreementReference): string {
  const canonical = canonicalJson({
    templateId: ref.templateId,
    url: ref.url,
    language: ref.language,
    country: ref.country,
  });
  return createHash('sha256').update(canonical, 'utf8').digest('hex');
}
