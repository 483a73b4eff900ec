import { createHash } from 'node:crypto';
import type { Stats } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import type { Locale } from '../locales';

/** Microsoft's agreement documents from Partner Center are Word files. */
export const WORD_CONTENT_TYPE = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';
export const PDF_CONTENT_TYPE = 'application/pdf';

/** What an agreement file can be: the operator's PDF, or the Word document Partner Center serves. */
export type AgreementContentType = typeof PDF_CONTENT_TYPE | typeof WORD_CONTENT_TYPE;

export interface AgreementFile {
  fileName: string;
  contentType: AgreementContentType;
  /** Shared between callers through the cache: do not mutate. */
  content: Buffer;
  sha256: string;
}

interface CacheEntry {
  mtimeMs: number;
  size: number;
  file: Omit<AgreementFile, 'fileName'>;
}

/**
 * Keyed by path; an entry is reused only while mtime and size are unchanged, so an operator
 * replacing a PDF is picked up without a restart. Size guards against coarse mtime clocks.
 */
const cache = new Map<string, CacheEntry>();

/** Most specific first: `no-nb.pdf`, then `nb.pdf`; `default.pdf` is tried apart, after every language. */
export function candidateFileNames(country: string, language: Locale): string[] {
  const cc = country.toLowerCase();
  return [`${cc}-${language}.pdf`, `${language}.pdf`];
}

const DEFAULT_FILE_NAME = 'default.pdf';

async function statIfPresent(path: string): Promise<Stats | undefined> {
  try {
    return await stat(path);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw err;
  }
}

async function readPdf(path: string, info: Stats): Promise<CacheEntry['file']> {
  const cached = cache.get(path);
  if (cached && cached.mtimeMs === info.mtimeMs && cached.size === info.size) return cached.file;
  const content = await readFile(path);
  // We tell the customer this is the agreement as a PDF; a misnamed Word file or an HTML error
  // page saved by a download script must stop here, not reach a customer's inbox.
  if (content.subarray(0, 5).toString('latin1') !== '%PDF-') {
    throw new Error(`Agreement file is not a PDF: ${path}`);
  }
  const file = {
    contentType: PDF_CONTENT_TYPE as AgreementContentType,
    content,
    sha256: createHash('sha256').update(content).digest('hex'),
  };
  cache.set(path, { mtimeMs: info.mtimeMs, size: info.size, file });
  return file;
}

/**
 * The operator's PDF for this country and language (`default.pdf` when `fallback` is set), or
 * undefined when the directory has none that applies. A configured directory that does not
 * exist is an error, not "no files".
 */
export async function loadAgreementFile(
  dir: string,
  country: string,
  language: Locale,
  which: 'language' | 'fallback' = 'language',
): Promise<AgreementFile | undefined> {
  const dirInfo = await statIfPresent(dir);
  if (!dirInfo?.isDirectory()) throw new Error(`Agreement directory not found: ${dir}`);
  for (const name of which === 'fallback' ? [DEFAULT_FILE_NAME] : candidateFileNames(country, language)) {
    const path = join(dir, name);
    const info = await statIfPresent(path);
    if (!info?.isFile()) continue;
    const file = await readPdf(path, info);
    // Named for what it presents, not for the operator's file layout.
    return { ...file, fileName: `microsoft-customer-agreement-${country.toLowerCase()}-${language}.pdf` };
  }
  return undefined;
}
