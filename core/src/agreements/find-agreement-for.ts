import {
  AGREEMENT_TITLES,
  MCA_PUBLIC_URL,
  findAgreement,
  normalizeCountry,
  type AgreementDocument,
  type FindAgreementInput,
  type Locale,
} from '@mca/templates';
import type { Context } from '../context';
import { PartnerCenterError, type McaTemplate, type PartnerCenterClient } from '@mca/integrations';
import { isFresh, readAgreementDocument, readNewestAgreementDocument, writeAgreementDocument, type StoredAgreementDocument } from './agreement-document-store';
import { AgreementUnavailableError } from './agreement-unavailable-error';
import { agreementContentTypeOf, agreementFileName } from './document-content-type';
import { currentMcaTemplate } from './mca-template-cache';
import { cultureCandidates, localeOfCulture, type CultureCandidate } from './partner-center-cultures';

/** MongoDB documents end at 16 MB; Microsoft's Word files are a few hundred KB. */
const MAX_CACHED_BYTES = 15 * 1024 * 1024;

export type AgreementContext = Pick<Context, 'config' | 'models' | 'partnerCenter' | 'logger' | 'now'>;

/** The catalogue's document, and where Partner Center's copy came from when it did. */
export interface AgreementForCustomer extends AgreementDocument {
  partnerCenter?: {
    /** The culture asked for, e.g. nb-NO. */
    askedLanguage: string;
    /** The culture Microsoft served, e.g. en-US after its own fallback. */
    servedLanguage: string;
    downloadedFrom: string;
    fetchedAt: Date;
    /** True when Partner Center failed and an older cached copy was used. */
    stale: boolean;
  };
}

/**
 * The agreement every channel presents. With Partner Center configured: the current MCA
 * template's document for the customer's country and language, from Partner Center (cached in
 * MongoDB for a day), falling back to the country's default language, then en-US. Without it:
 * the built-in catalogue (the operator's PDFs from AGREEMENTS_DIR and links from AGREEMENT_URLS,
 * else Microsoft's public link), with the same fallbacks.
 *
 * Throws AgreementUnavailableError (retryable) when Partner Center fails and nothing is cached.
 */
export async function findAgreementFor(ctx: AgreementContext, input: FindAgreementInput): Promise<AgreementForCustomer> {
  if (!ctx.partnerCenter) {
    return findAgreement(input, {
      ...(ctx.config.AGREEMENTS_DIR ? { dir: ctx.config.AGREEMENTS_DIR } : {}),
      ...(ctx.config.AGREEMENT_URLS ? { urls: ctx.config.AGREEMENT_URLS } : {}),
    });
  }
  return fromPartnerCenter(ctx, ctx.partnerCenter, input);
}

type Found = StoredAgreementDocument & { stale: boolean };

async function fromPartnerCenter(ctx: AgreementContext, client: PartnerCenterClient, input: FindAgreementInput): Promise<AgreementForCustomer> {
  const country = normalizeCountry(input.country);
  const candidates = cultureCandidates(country, input.language);
  const log = ctx.logger.child({ component: 'agreement-catalogue', country, language: input.language });
  const onCorrupt = (reason: string) => log.error(reason);

  // The template: from Partner Center (an hour in memory); if it fails, the last one it named
  // (here, else in a cached copy), and then the documents come from the cache only.
  let template: McaTemplate;
  let offline: boolean;
  try {
    const current = await currentMcaTemplate(client, ctx.now().getTime(), (err, fetchedAt) => {
      log.warn({ err: describe(err), templateFetchedAt: fetchedAt }, 'Partner Center failed to name the current MCA template; using the last one it named');
    });
    template = current.template;
    offline = current.stale;
  } catch (err) {
    const cached = await newestCached(ctx, country, candidates, onCorrupt);
    if (!cached) {
      throw new AgreementUnavailableError(
        `Agreement for ${country}: Partner Center failed to name the current MCA template and no agreement document is cached (${describe(err)})`,
        { cause: err },
      );
    }
    log.warn(
      { err: describe(err), templateId: cached.templateId },
      'Partner Center failed to name the current MCA template; using the cached agreement documents',
    );
    template = { templateId: cached.templateId, agreementLink: cached.agreementLink, versionRank: 0 };
    offline = true;
  }

  // Candidates in order. Microsoft answers en-US when it has no document in the language asked
  // for: then the next candidate is tried, and a later one in the language already served
  // reuses that copy instead of downloading it again.
  const servedByLocale = new Map<Locale, { doc: Found; asked: CultureCandidate }>();
  for (const [i, candidate] of candidates.entries()) {
    const already = servedByLocale.get(candidate.locale);
    if (already) return present(already.doc, already.asked.culture, template);
    const isLast = i === candidates.length - 1;
    const doc = await documentFor(ctx, client, { template, country, culture: candidate.culture, offline, isLast, log });
    if (!doc) continue; // Partner Center refused this culture: try the next one.
    const servedLocale = localeOfCulture(doc.servedLanguage);
    if (servedLocale === candidate.locale) return present(doc, candidate.culture, template);
    if (servedLocale && !servedByLocale.has(servedLocale)) servedByLocale.set(servedLocale, { doc, asked: candidate });
  }
  throw new AgreementUnavailableError(`Agreement for ${country}: Partner Center served no document in ${candidates.map((c) => c.culture).join(', ')}`);
}

interface DocumentRequest {
  template: McaTemplate;
  country: string;
  culture: string;
  offline: boolean;
  isLast: boolean;
  log: AgreementContext['logger'];
}

/**
 * One culture's document: the cached copy while fresh, else Partner Center's (stored), else,
 * when Partner Center fails, the stale cached copy. Undefined when Partner Center refuses the
 * culture itself (not for the last candidate, whose refusal is a failure like any other).
 */
async function documentFor(ctx: AgreementContext, client: PartnerCenterClient, req: DocumentRequest): Promise<Found | undefined> {
  const { template, country, culture, log } = req;
  const key = { templateId: template.templateId, country, language: culture };
  const cached = await readAgreementDocument(ctx.models, key, (reason) => log.error(reason));
  const now = ctx.now();
  if (cached && isFresh(cached, now)) return { ...cached, stale: false };
  if (req.offline) {
    if (cached) {
      log.warn({ culture, fetchedAt: cached.fetchedAt }, 'Partner Center is failing; using the cached agreement document although it is older than a day');
      return { ...cached, stale: true };
    }
    throw new AgreementUnavailableError(`Agreement for ${country} (${culture}): Partner Center is failing and no copy is cached`);
  }

  let downloaded: StoredAgreementDocument;
  try {
    const file = await client.downloadAgreementDocument(template.templateId, country, culture);
    const contentType = agreementContentTypeOf(file.content);
    if (!contentType) throw new Error(`Partner Center's agreement document from ${file.downloadedFrom} is neither a Word file nor a PDF (${file.contentType})`);
    downloaded = {
      ...key,
      servedLanguage: file.language,
      agreementLink: template.agreementLink,
      fileName: agreementFileName(file.fileName, contentType),
      contentType,
      content: file.content,
      sha256: file.sha256,
      downloadedFrom: file.downloadedFrom,
      fetchedAt: now,
    };
  } catch (err) {
    if (!req.isLast && refusesCulture(err)) {
      log.info({ culture, err: describe(err) }, 'Partner Center has no agreement document for this culture; trying the next');
      return undefined;
    }
    if (cached) {
      log.warn({ culture, fetchedAt: cached.fetchedAt, err: describe(err) }, 'Partner Center failed; using the cached agreement document');
      return { ...cached, stale: true };
    }
    throw new AgreementUnavailableError(`Agreement for ${country} (${culture}): Partner Center failed and no copy is cached (${describe(err)})`, {
      cause: err,
    });
  }
  if (downloaded.content.length <= MAX_CACHED_BYTES) await writeAgreementDocument(ctx.models, downloaded);
  else log.warn({ culture, size: downloaded.content.length }, 'Agreement document too large to cache in one MongoDB document; not cached');
  return { ...downloaded, stale: false };
}

/** 400 or 404 on the document call: this culture or country is not offered (not an outage). */
function refusesCulture(err: unknown): boolean {
  return err instanceof PartnerCenterError && (err.kind === 'invalid-request' || err.kind === 'not-found');
}

async function newestCached(
  ctx: AgreementContext,
  country: string,
  candidates: CultureCandidate[],
  onCorrupt: (reason: string) => void,
): Promise<StoredAgreementDocument | undefined> {
  for (const { culture } of candidates) {
    const doc = await readNewestAgreementDocument(ctx.models, { country, language: culture }, onCorrupt);
    if (doc) return doc;
  }
  return undefined;
}

function present(doc: Found, askedCulture: string, template: McaTemplate): AgreementForCustomer {
  // Served language decides the title and the recorded language: an en-US document is English.
  const language = localeOfCulture(doc.servedLanguage) ?? 'en';
  return {
    templateId: doc.templateId,
    country: doc.country,
    language,
    title: AGREEMENT_TITLES[language],
    // The template's stable public link, never the download link (it expires in minutes).
    url: doc.agreementLink || template.agreementLink || MCA_PUBLIC_URL,
    file: { fileName: doc.fileName, contentType: doc.contentType, content: doc.content, sha256: doc.sha256 },
    sha256: doc.sha256,
    partnerCenter: {
      askedLanguage: askedCulture,
      servedLanguage: doc.servedLanguage,
      downloadedFrom: doc.downloadedFrom,
      fetchedAt: doc.fetchedAt,
      stale: doc.stale,
    },
  };
}

function describe(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
