import { createHash } from 'node:crypto';
import { decodePDFRawStream, PDFArray, PDFDocument, PDFRawStream, StandardFonts } from 'pdf-lib';
import {
  ACCEPT_PHRASES,
  ACCEPTANCE_ANCHORS,
  ACCEPTANCE_FORM_COPY,
  DOCUSIGN_SUBJECT_MAX_LENGTH,
  MCA_PUBLIC_URL,
  MCA_TEMPLATE_ID,
  renderAcceptanceForm,
  renderDocuSignEmail,
  SUPPORTED_LOCALES,
  type AcceptanceFormInput,
} from '@mca/templates';

const sha256 = (data: string | Uint8Array) => createHash('sha256').update(data).digest('hex');
const NOW = new Date('2025-03-01T09:30:00Z');

const base: AcceptanceFormInput = {
  customerName: 'Fjordkraft Ærø & Søn AS',
  tenantId: '3f1c2a8e-7b4d-4e9a-9c1f-0d2b5e6a7c88',
  partnerName: 'Nordic Cloud Partner AS',
  representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari.nordmann@fjordkraft.example' },
  agreement: {
    title: 'Microsoft-kundeavtale',
    url: MCA_PUBLIC_URL,
    templateId: MCA_TEMPLATE_ID,
    sha256: sha256('reference'),
    language: 'nb',
    country: 'NO',
  },
};

const withCustomer = (customerName: string): AcceptanceFormInput => ({ ...base, customerName });

/** A small PDF standing in for the operator's agreement, with a recognisable line on each page. */
async function agreementPdf(pages: number): Promise<Buffer> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  for (let i = 1; i <= pages; i++) doc.addPage().drawText(`AGREEMENT PAGE ${i}`, { x: 50, y: 700, size: 12, font });
  return Buffer.from(await doc.save());
}

/** WinAnsi byte -> character, derived from pdf-lib's own encoder so it cannot disagree with it. */
const winAnsi = (async () => {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.Helvetica);
  const map = new Map<number, string>();
  for (const cp of font.getCharacterSet()) {
    const ch = String.fromCodePoint(cp);
    map.set(parseInt(font.encodeText(ch).asString(), 16), ch);
  }
  return map;
})();

interface TextRun {
  text: string;
  /** Fill colour (`rg`) in effect when the text was shown. */
  color: string;
}

/**
 * The text each page shows, in drawing order: the page's content streams inflated, every
 * `<hex> Tj` decoded from WinAnsi. This reads what a PDF text search (DocuSign's anchor
 * search) sees, not what we meant to draw.
 */
async function pageRuns(pdf: Buffer): Promise<TextRun[][]> {
  const doc = await PDFDocument.load(pdf);
  const bytes = await winAnsi;
  return doc.getPages().map((page) => {
    const contents = page.node.Contents();
    const streams =
      contents instanceof PDFArray ? contents.asArray().map((_, i) => contents.lookup(i, PDFRawStream)) : contents instanceof PDFRawStream ? [contents] : [];
    const runs: TextRun[] = [];
    for (const stream of streams) {
      const source = Buffer.from(decodePDFRawStream(stream).decode()).toString('latin1');
      let color = '0 0 0';
      for (const m of source.matchAll(/(\S+ \S+ \S+) rg|<([0-9A-Fa-f]*)>\s*Tj/g)) {
        if (m[1] !== undefined) {
          color = m[1];
          continue;
        }
        const hex = m[2] ?? '';
        let text = '';
        for (let i = 0; i < hex.length; i += 2) text += bytes.get(parseInt(hex.slice(i, i + 2), 16)) ?? '\uFFFD';
        runs.push({ text, color });
      }
    }
    return runs;
  });
}

const pageText = (runs: readonly TextRun[]) => runs.map((r) => r.text).join('\n');
/** Wrapped paragraphs read as one line again (lines are broken at spaces). */
const flowed = (text: string) => text.replace(/\s+/g, ' ');
const allText = (pages: readonly TextRun[][]) => pages.map(pageText).join('\n');
const count = (haystack: string, needle: string) => haystack.split(needle).length - 1;
const ANCHORS = Object.values(ACCEPTANCE_ANCHORS);

describe('renderAcceptanceForm', () => {
  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const copy = ACCEPTANCE_FORM_COPY[locale];

    it('renders one A4 page with the facts, the declaration and the signature lines', async () => {
      const pdf = await renderAcceptanceForm(locale, base, undefined, { now: NOW });
      expect(pdf.subarray(0, 5).toString('latin1')).toBe('%PDF-');
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).toBe(1);
      const size = doc.getPage(0).getSize();
      expect(size.width).toBeCloseTo(595.28, 1);
      expect(size.height).toBeCloseTo(841.89, 1);

      const [page = []] = await pageRuns(pdf);
      const text = flowed(pageText(page));
      for (const value of [
        copy.title,
        base.customerName,
        base.tenantId,
        'Kari Nordmann',
        base.representative.email,
        base.agreement.title,
        base.agreement.url,
        base.agreement.templateId,
        base.agreement.sha256,
        copy.signatureLabel,
        copy.fullNameLabel,
        copy.dateLabel,
        copy.linkedNote,
        copy.page(1, 1),
      ]) {
        expect(text).toContain(value);
      }
      expect(text).not.toContain(copy.attachedNote);
    });

    it('draws each DocuSign anchor exactly once, in white', async () => {
      const pages = await pageRuns(await renderAcceptanceForm(locale, base));
      const runs = pages.flat();
      for (const anchor of ANCHORS) {
        const hits = runs.filter((r) => r.text.includes(anchor));
        expect(hits).toHaveLength(1);
        expect(hits[0]).toEqual({ text: anchor, color: '1 1 1' });
      }
      // Everything else is visible: no stray white text a reader could not see.
      expect(
        runs
          .filter((r) => r.color === '1 1 1')
          .map((r) => r.text)
          .sort(),
      ).toEqual([...ANCHORS].sort());
    });

    it('appends the attached agreement after the acceptance page and says so', async () => {
      const attach = await agreementPdf(2);
      const input = { ...base, agreement: { ...base.agreement, sha256: sha256(attach) } };
      const pdf = await renderAcceptanceForm(locale, input, attach, { now: NOW });
      const doc = await PDFDocument.load(pdf);
      expect(doc.getPageCount()).toBe(3);
      const [form = [], first = [], second = []] = await pageRuns(pdf);
      expect(flowed(pageText(form))).toContain(copy.attachedNote);
      expect(pageText(form)).toContain(sha256(attach));
      expect(pageText(first)).toBe('AGREEMENT PAGE 1');
      expect(pageText(second)).toBe('AGREEMENT PAGE 2');
    });
  });

  it('is byte-for-byte reproducible for the same input and date, and records the date', async () => {
    const a = await renderAcceptanceForm('de', base, undefined, { now: NOW });
    const b = await renderAcceptanceForm('de', base, undefined, { now: NOW });
    expect(a.equals(b)).toBe(true);
    // pdf-lib stamps a modification date on load unless told not to.
    const doc = await PDFDocument.load(a, { updateMetadata: false });
    expect(doc.getCreationDate()?.toISOString()).toBe(NOW.toISOString());
    expect(doc.getModificationDate()?.toISOString()).toBe(NOW.toISOString());
    expect(doc.getTitle()).toBe(`${ACCEPTANCE_FORM_COPY.de.title} – ${base.customerName}`);
    expect(doc.getAuthor()).toBe(base.partnerName);
  });

  it('prints HTML and PDF syntax characters in names as they are', async () => {
    const customerName = '<script>alert("x")</script> & Sons (Norge) \\ 100% [AS] /Type /Page';
    const representative = { firstName: "O'Brien <b>", lastName: 'Ødegård )Tj(', email: 'x"y@example.com' };
    const pdf = await renderAcceptanceForm('nb', { ...base, customerName, representative });
    const doc = await PDFDocument.load(pdf);
    expect(doc.getPageCount()).toBe(1);
    const text = allText(await pageRuns(pdf));
    expect(text).toContain(customerName);
    expect(text).toContain("O'Brien <b> Ødegård )Tj(");
    expect(text).toContain('x"y@example.com');
  });

  it('replaces characters the standard fonts cannot encode with "?" instead of throwing', async () => {
    const pdf = await renderAcceptanceForm('en', {
      ...withCustomer('Café 🚀 北京 ООО Ромашка AS'),
      representative: { firstName: 'Zoë\u200B', lastName: 'Ｌｅｅ', email: 'zoe@example.com' },
    });
    const text = allText(await pageRuns(pdf));
    // One "?" per character (an emoji is one, though two UTF-16 units).
    expect(text).toContain('Café ? ?? ??? ??????? AS');
    // Invisible format characters are dropped; full-width letters fall back to plain ones.
    expect(text).toContain('Zoë Lee');
    expect(text).not.toContain('\uFFFD');
  });

  it('keeps every name on one line, so a newline cannot fake a line of the form', async () => {
    const text = allText(await pageRuns(await renderAcceptanceForm('en', withCustomer('Acme\r\nSignature: forged\tAS'))));
    expect(text).toContain('Acme Signature: forged AS');
  });

  it('defuses anchor strings in names so DocuSign places no extra tabs', async () => {
    const input: AcceptanceFormInput = {
      ...withCustomer('Evil /mca-sign/ Corp /MCA-DATE/'),
      representative: { firstName: '/mca-name/', lastName: 'X', email: 'x@example.com' },
    };
    const text = allText(await pageRuns(await renderAcceptanceForm('en', input)));
    for (const anchor of ANCHORS) expect(count(text.toLowerCase(), anchor)).toBe(1);
    expect(text).toContain('Evil ?mca-sign? Corp ?MCA-DATE?');
  });

  it('flows a very long name onto more pages, cut short, and keeps the signature lines together', async () => {
    const pdf = await renderAcceptanceForm('fi', withCustomer(`Yhtiö ${'Pitkänimi '.repeat(60)}Oy`));
    const pages = await pageRuns(pdf);
    expect(pages.length).toBeGreaterThan(1);
    const withAnchors = pages.map((runs) => ANCHORS.filter((a) => pageText(runs).includes(a)).length);
    expect(withAnchors.filter((n) => n > 0)).toEqual([3]);
    // The declaration the signature refers to is on the signature page.
    const signaturePage = pages[withAnchors.indexOf(3)] ?? [];
    expect(pageText(signaturePage)).toContain(ACCEPTANCE_FORM_COPY.fi.declarationHeading);
    expect(flowed(pageText(signaturePage))).toContain('Hyväksyn sopimuksen');
    expect(allText(pages)).toContain('…');
    pages.forEach((runs, i) => expect(pageText(runs)).toContain(ACCEPTANCE_FORM_COPY.fi.page(i + 1, pages.length)));
  });

  it('wraps a URL longer than the line instead of running off the page', async () => {
    const url = `https://example.com/${'a'.repeat(150)}`;
    const pdf = await renderAcceptanceForm('en', { ...base, agreement: { ...base.agreement, url } });
    const runs = (await pageRuns(pdf)).flat().map((r) => r.text);
    const pieces = runs.filter((t) => t.startsWith('https://example.com/') || /^a+$/.test(t));
    expect(pieces.length).toBeGreaterThan(1);
    expect(pieces.join('')).toBe(url);
  });

  it.each([
    ['a non-web link', { url: 'javascript:alert(1)' }, /http\(s\)/],
    ['a link that is no URL', { url: 'not a url' }, /not a valid URL/],
    ['a checksum that is no SHA-256', { sha256: 'abc' }, /not a SHA-256/],
  ])('refuses %s', async (_, agreement, message) => {
    await expect(renderAcceptanceForm('en', { ...base, agreement: { ...base.agreement, ...agreement } })).rejects.toThrow(message);
  });

  it('refuses an attachment whose checksum is not the one printed', async () => {
    const attach = await agreementPdf(1);
    await expect(renderAcceptanceForm('en', base, attach)).rejects.toThrow(/does not match/);
  });

  it('refuses an attachment that is not a readable PDF', async () => {
    const attach = Buffer.from('%PDF-1.7\nnot really\n%%EOF\n', 'latin1');
    const input = { ...base, agreement: { ...base.agreement, sha256: sha256(attach) } };
    await expect(renderAcceptanceForm('en', input, attach)).rejects.toThrow(/cannot be read/);
  });
});

describe('renderDocuSignEmail', () => {
  const names = { customerName: 'Fjordkraft AS', partnerName: 'Nordic Cloud Partner AS' };

  it.each(SUPPORTED_LOCALES)('%s: subject and blurb name the company and the partner', (locale) => {
    const { subject, blurb } = renderDocuSignEmail(locale, names);
    expect(subject).toContain(names.customerName);
    expect(subject.length).toBeLessThanOrEqual(DOCUSIGN_SUBJECT_MAX_LENGTH);
    expect(subject).not.toMatch(/[\r\n]/);
    expect(blurb).toContain(names.customerName);
    expect(blurb).toContain(names.partnerName);
    expect(blurb.length).toBeLessThanOrEqual(1000);
    // A quoted blurb must never read as the reply that counts as consent by email.
    const phrase = ACCEPT_PHRASES[locale].toLowerCase();
    expect(subject.toLowerCase()).not.toContain(phrase);
    expect(blurb.toLowerCase()).not.toContain(phrase);
  });

  it('is written in each locale, not copied from another', () => {
    const subjects = SUPPORTED_LOCALES.map((l) => renderDocuSignEmail(l, names).subject);
    const blurbs = SUPPORTED_LOCALES.map((l) => renderDocuSignEmail(l, names).blurb);
    expect(new Set(subjects).size).toBe(SUPPORTED_LOCALES.length);
    expect(new Set(blurbs).size).toBe(SUPPORTED_LOCALES.length);
  });

  it.each(SUPPORTED_LOCALES)('%s: shortens a long company name to fit DocuSign’s subject limit', (locale) => {
    const customerName = `Aktieselskabet ${'Meget Langt Firmanavn '.repeat(10)}`;
    const { subject, blurb } = renderDocuSignEmail(locale, { ...names, customerName });
    expect(subject.length).toBeLessThanOrEqual(DOCUSIGN_SUBJECT_MAX_LENGTH);
    expect(subject).toContain('Aktieselskabet Meget Langt');
    expect(subject).toContain('…');
    expect(blurb).toContain(customerName.trim());
  });

  it('collapses line breaks and control characters in names', () => {
    const { subject, blurb } = renderDocuSignEmail('en', { customerName: 'Acme\r\nBcc: x\u0000 AS', partnerName: 'P\nQ' });
    expect(subject).toContain('Acme Bcc: x AS');
    expect(blurb).toContain('P Q,');
    // eslint-disable-next-line no-control-regex -- control characters are what must not be there
    expect(subject).not.toMatch(/[\u0000-\u001f]/);
  });
});
