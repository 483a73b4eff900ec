import { matchLocale, type Locale } from '../locales';
import { loadAgreementFile, type AgreementFile } from './agreement-file';
import { agreementUrlFor, type AgreementUrlTable } from './agreement-urls';
import { countryDefaultLanguage, pickLanguage } from './country-languages';
import { referenceSha256 } from './reference-hash';
import { AGREEMENT_TITLES } from './titles';

/** The MCA template id Partner Center returns for `agreementType=MicrosoftCustomerAgreement`. */
export const MCA_TEMPLATE_ID = '117a77b0-9360-443b-8795-c6dedc750cf9';

/** Microsoft's public, stable MCA page (Partner Center's per-country download links expire in minutes). */
export const MCA_PUBLIC_URL = 'https://aka.ms/customeragreement';

export interface AgreementDocument {
  templateId: string;
  /** Upper-case ISO 3166-1 alpha-2. */
  country: string;
  /** The language actually presented, after fallbacks. */
  language: Locale;
  title: string;
  url: string;
  /**
   * Present when the operator's directory holds a PDF for this country/language, or (with
   * Partner Center) Microsoft's Word document.
   */
  file?: AgreementFile;
  /** The file's SHA-256 when there is one, else the SHA-256 of the reference (see referenceSha256). */
  sha256: string;
}

export interface FindAgreementInput {
  /** ISO 3166-1 alpha-2, any case. */
  country: string;
  /** The customer's preferred language as a BCP 47 tag. */
  language: string | undefined;
}

export interface FindAgreementOptions {
  /** Operator's directory of agreement PDFs (`no-nb.pdf`, `nb.pdf`, `default.pdf`). */
  dir?: string;
  /** Operator's agreement links, keyed the same way (`no-nb`, `nb`, `default`); default Microsoft's public page. */
  urls?: AgreementUrlTable;
}

/** Upper-case ISO 3166-1 alpha-2, or a RangeError. */
export function normalizeCountry(country: string): string {
  const cc = country.trim().toUpperCase();
  // A guessed country would present a region's agreement to the wrong customer: refuse instead.
  if (!/^[A-Z]{2}$/.test(cc)) throw new RangeError(`Not an ISO 3166-1 alpha-2 country code: ${JSON.stringify(country)}`);
  return cc;
}

/**
 * The agreement to present to a customer: by country and preferred language, falling back to
 * the country's default language, then English, to the first language the operator's PDF
 * directory or link table has a document for; with none, `default.pdf` / the `default` link
 * (else Microsoft's public page) in the first language of that chain.
 */
export async function findAgreement(input: FindAgreementInput, opts: FindAgreementOptions = {}): Promise<AgreementDocument> {
  const country = normalizeCountry(input.country);
  const chain = [...new Set<Locale>([pickLanguage(country, matchLocale(input.language)), countryDefaultLanguage(country), 'en'])];
  for (const language of chain) {
    const file = opts.dir === undefined ? undefined : await loadAgreementFile(opts.dir, country, language);
    const url = opts.urls === undefined ? undefined : agreementUrlFor(opts.urls, country, language);
    if (file || url) return present(country, language, file, url ?? opts.urls?.default);
  }
  const first = chain[0] ?? 'en';
  const file = opts.dir === undefined ? undefined : await loadAgreementFile(opts.dir, country, first, 'fallback');
  return present(country, first, file, opts.urls?.default);
}

function present(country: string, language: Locale, file: AgreementFile | undefined, url: string | undefined): AgreementDocument {
  const reference = { templateId: MCA_TEMPLATE_ID, url: url ?? MCA_PUBLIC_URL, language, country };
  const doc: AgreementDocument = {
    ...reference,
    title: AGREEMENT_TITLES[language],
    sha256: file ? file.sha256 : referenceSha256(reference),
  };
  if (file) doc.file = file;
  return doc;
}
