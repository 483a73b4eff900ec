import { createHash } from 'node:crypto';
import { mkdtemp, rm, unlink, utimes, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { findAgreement, MCA_PUBLIC_URL, MCA_TEMPLATE_ID } from '@mca/templates';

const sha256 = (data: string | Buffer) => createHash('sha256').update(data).digest('hex');
const pdf = (label: string) => Buffer.from(`%PDF-1.7\n% ${label}\n%%EOF\n`, 'latin1');

describe('findAgreement: language choice', () => {
  it.each([
    ['NO', 'nb-NO', 'nb'],
    ['NO', 'nn', 'nb'],
    ['NO', undefined, 'nb'],
    ['NO', 'de-DE', 'nb'], // not offered in Norway -> country default
    ['NO', 'en-GB', 'en'], // English is offered everywhere
    ['DE', 'de', 'de'],
    ['DE', 'fr', 'de'], // a language we do not write -> country default
    ['AT', 'de-AT', 'de'],
    ['CH', 'fr-CH', 'de'],
    ['SE', 'sv-SE', 'sv'],
    ['SE', 'fi', 'sv'],
    ['FI', 'fi-FI', 'fi'],
    ['FI', 'sv-FI', 'sv'], // Finland is bilingual
    ['DK', undefined, 'da'],
    ['NL', 'nl', 'nl'],
    ['BE', 'fr-BE', 'nl'],
    ['GB', undefined, 'en'],
    ['US', 'nb', 'en'], // Norwegian not offered in the US -> English
    ['IE', 'de', 'en'],
    ['JP', 'ja', 'en'], // unknown country -> English
  ])('%s + %s -> %s', async (country, language, expected) => {
    const doc = await findAgreement({ country, language });
    expect(doc.language).toBe(expected);
    expect(doc.country).toBe(country);
  });

  it('describes the built-in document', async () => {
    const doc = await findAgreement({ country: 'no', language: 'nb-NO' });
    expect(doc).toEqual({
      templateId: MCA_TEMPLATE_ID,
      country: 'NO',
      language: 'nb',
      title: 'Microsoft-kundeavtale',
      url: 'https://aka.ms/customeragreement',
      sha256: expect.stringMatching(/^[0-9a-f]{64}$/),
    });
    expect(MCA_TEMPLATE_ID).toBe('117a77b0-9360-443b-8795-c6dedc750cf9');
  });

  it('localizes the title', async () => {
    expect((await findAgreement({ country: 'DE', language: 'de' })).title).toBe('Microsoft-Kundenvertrag');
    expect((await findAgreement({ country: 'US', language: 'en' })).title).toBe('Microsoft Customer Agreement');
  });

  it('hashes the canonical reference when nothing is attached', async () => {
    const doc = await findAgreement({ country: 'DE', language: 'de-AT' });
    const canonical = JSON.stringify({ country: 'DE', language: 'de', templateId: MCA_TEMPLATE_ID, url: MCA_PUBLIC_URL });
    expect(doc.sha256).toBe(sha256(canonical));
    const other = await findAgreement({ country: 'AT', language: 'de-AT' });
    expect(other.sha256).not.toBe(doc.sha256);
  });

  it('refuses a malformed country code', async () => {
    await expect(findAgreement({ country: 'NOR', language: 'nb' })).rejects.toThrow(RangeError);
    await expect(findAgreement({ country: '', language: 'nb' })).rejects.toThrow(RangeError);
  });
});

describe('findAgreement: operator PDFs', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'mca-agreements-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('attaches <country>-<language>.pdf first, then <language>.pdf, then default.pdf', async () => {
    const files = { 'no-nb.pdf': pdf('no-nb'), 'nb.pdf': pdf('nb'), 'default.pdf': pdf('default') };
    for (const [name, content] of Object.entries(files)) await writeFile(join(dir, name), content);

    const first = await findAgreement({ country: 'NO', language: 'nb' }, { dir });
    expect(first.file?.sha256).toBe(sha256(files['no-nb.pdf']));
    expect(first.sha256).toBe(sha256(files['no-nb.pdf']));
    expect(first.file?.content.equals(files['no-nb.pdf'])).toBe(true);
    expect(first.file?.contentType).toBe('application/pdf');
    expect(first.file?.fileName).toMatch(/^[a-z0-9-]+-no-nb\.pdf$/);

    await unlink(join(dir, 'no-nb.pdf'));
    const second = await findAgreement({ country: 'NO', language: 'nb' }, { dir });
    expect(second.sha256).toBe(sha256(files['nb.pdf']));

    await unlink(join(dir, 'nb.pdf'));
    const third = await findAgreement({ country: 'NO', language: 'nb' }, { dir });
    expect(third.sha256).toBe(sha256(files['default.pdf']));
  });

  it('looks files up by the language actually presented, after fallback', async () => {
    await writeFile(join(dir, 'de-de.pdf'), pdf('de-de'));
    await writeFile(join(dir, 'fr.pdf'), pdf('fr'));
    const doc = await findAgreement({ country: 'DE', language: 'fr' }, { dir });
    expect(doc.language).toBe('de');
    expect(doc.sha256).toBe(sha256(pdf('de-de')));
  });

  it('links only, with the reference hash, when no file applies', async () => {
    await writeFile(join(dir, 'se-sv.pdf'), pdf('se-sv'));
    const withDir = await findAgreement({ country: 'NO', language: 'nb' }, { dir });
    const withoutDir = await findAgreement({ country: 'NO', language: 'nb' });
    expect(withDir.file).toBeUndefined();
    expect(withDir.sha256).toBe(withoutDir.sha256);
  });

  it('re-reads a file replaced in place', async () => {
    const path = join(dir, 'nb.pdf');
    await writeFile(path, pdf('version 1'));
    expect((await findAgreement({ country: 'NO', language: 'nb' }, { dir })).sha256).toBe(sha256(pdf('version 1')));
    await writeFile(path, pdf('version 2, longer'));
    const later = new Date(Date.now() + 60_000);
    await utimes(path, later, later);
    expect((await findAgreement({ country: 'NO', language: 'nb' }, { dir })).sha256).toBe(sha256(pdf('version 2, longer')));
  });

  it("falls back to the country's default language, then English, before default.pdf", async () => {
    await writeFile(join(dir, 'en.pdf'), pdf('en'));
    await writeFile(join(dir, 'default.pdf'), pdf('default'));
    const english = await findAgreement({ country: 'NO', language: 'nb' }, { dir });
    expect(english).toMatchObject({ language: 'en', title: 'Microsoft Customer Agreement', sha256: sha256(pdf('en')) });

    await writeFile(join(dir, 'nb.pdf'), pdf('nb'));
    // German is not offered in Norway: the country's default language comes before English.
    expect(await findAgreement({ country: 'NO', language: 'de' }, { dir })).toMatchObject({ language: 'nb', sha256: sha256(pdf('nb')) });

    // Nothing in Finnish or English for Finland... except English, which every country offers.
    await unlink(join(dir, 'en.pdf'));
    expect(await findAgreement({ country: 'FI', language: 'fi' }, { dir })).toMatchObject({ language: 'fi', sha256: sha256(pdf('default')) });
  });

  it('refuses a file that is not a PDF', async () => {
    await writeFile(join(dir, 'nb.pdf'), '<html>Session expired</html>');
    await expect(findAgreement({ country: 'NO', language: 'nb' }, { dir })).rejects.toThrow(/not a PDF/);
  });

  it('refuses a directory that does not exist', async () => {
    await expect(findAgreement({ country: 'NO', language: 'nb' }, { dir: join(dir, 'missing') })).rejects.toThrow(/not found/);
  });
});

describe('findAgreement: operator link table', () => {
  const urls = {
    'no-nb': 'https://agreements.example/mca-no-nb.pdf',
    de: 'https://agreements.example/mca-de.pdf',
    en: 'https://agreements.example/mca-en.pdf',
  };

  it('links the most specific entry, through the same fallbacks, and hashes that link', async () => {
    expect(await findAgreement({ country: 'NO', language: 'nb-NO' }, { urls })).toMatchObject({ language: 'nb', url: urls['no-nb'] });
    expect(await findAgreement({ country: 'AT', language: 'de-AT' }, { urls })).toMatchObject({ language: 'de', url: urls.de });
    // Swedish has no entry: Sweden's default is Swedish too, so English is next.
    const se = await findAgreement({ country: 'SE', language: 'sv' }, { urls });
    expect(se).toMatchObject({ language: 'en', url: urls.en });
    const canonical = JSON.stringify({ country: 'SE', language: 'en', templateId: MCA_TEMPLATE_ID, url: urls.en });
    expect(se.sha256).toBe(sha256(canonical));
  });

  it("uses the default entry, else Microsoft's public page, in the customer's language when nothing matches", async () => {
    expect(await findAgreement({ country: 'DK', language: 'da' }, { urls: { default: 'https://agreements.example/mca.pdf' } })).toMatchObject({
      language: 'da',
      url: 'https://agreements.example/mca.pdf',
    });
    expect(await findAgreement({ country: 'DK', language: 'da' }, { urls: {} })).toMatchObject({ language: 'da', url: MCA_PUBLIC_URL });
  });
});
