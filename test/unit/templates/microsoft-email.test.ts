import { ACCEPT_PHRASES, MICROSOFT_EMAIL_COPY, renderMicrosoftAcceptanceEmail, SUPPORTED_LOCALES, type Locale, type MicrosoftEmailInput } from '@mca/templates';

const ADMIN_CENTER_URL = 'https://admin.microsoft.com/AdminPortal/Home?ref=/BillingAccounts/agreement';
const ATTESTATION_URL = 'https://signup.microsoft.com/attest?token=abc123&lang=nb&tenant=6f1c3c1e';
const EXPIRES_AT = new Date('2026-03-31T23:30:00Z');

const base: MicrosoftEmailInput = {
  customerName: 'Fjordkraft AS',
  partnerName: 'Nordic Cloud Partner AS',
  representative: { firstName: 'Kari', lastName: 'Nordmann' },
  acceptance: { kind: 'admin-center', url: ADMIN_CENTER_URL },
  agreement: { url: 'https://aka.ms/customeragreement', title: 'Microsoft Customer Agreement', attached: false },
  afterWrittenConsent: false,
  kind: 'request',
};

const ACCEPTANCES: ReadonlyArray<MicrosoftEmailInput['acceptance']> = [
  { kind: 'admin-center', url: ADMIN_CENTER_URL },
  { kind: 'attestation-link', url: ATTESTATION_URL },
  { kind: 'attestation-link', url: ATTESTATION_URL, expiresAt: EXPIRES_AT },
];

/** Every combination the renderer branches on. */
const VARIANTS: MicrosoftEmailInput[] = ACCEPTANCES.flatMap((acceptance) =>
  [false, true].flatMap((afterWrittenConsent) =>
    [false, true].flatMap((attached) =>
      (['request', 'reminder'] as const).map((kind) => ({
        ...base,
        acceptance,
        afterWrittenConsent,
        agreement: { ...base.agreement, attached },
        kind,
      })),
    ),
  ),
);

/** How each locale's reminder subject starts. */
const REMINDER_WORD: Record<Locale, string> = {
  en: 'Reminder:',
  nb: 'Påminnelse:',
  de: 'Erinnerung:',
  sv: 'Påminnelse:',
  da: 'Påmindelse:',
  nl: 'Herinnering:',
  fi: 'Muistutus:',
};

/** The expiry date as each locale writes it (Intl, dateStyle long, UTC). */
const EXPIRY_TEXT: Record<Locale, string> = {
  en: '31 March 2026',
  nb: '31. mars 2026',
  de: '31. März 2026',
  sv: '31 mars 2026',
  da: '31. marts 2026',
  nl: '31 maart 2026',
  fi: '31. maaliskuuta 2026',
};

function describeVariant(input: MicrosoftEmailInput): string {
  const expiry = input.acceptance.kind === 'attestation-link' && input.acceptance.expiresAt ? '+expiry' : '';
  return `${input.acceptance.kind}${expiry} ${input.kind} written=${input.afterWrittenConsent} attached=${input.agreement.attached}`;
}

/** Case-insensitive occurrences of `needle` anywhere, even inside longer words. */
function occurrences(haystack: string, needle: string): number {
  return haystack.toLowerCase().split(needle.toLowerCase()).length - 1;
}

describe('renderMicrosoftAcceptanceEmail', () => {
  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    const copy = MICROSOFT_EMAIL_COPY[locale];

    it.each(VARIANTS.map((input) => [describeVariant(input), input] as const))('renders %s', (_name, input) => {
      const email = renderMicrosoftAcceptanceEmail(locale, input);
      expect(email.subject).toContain(base.customerName);
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const value of [base.customerName, base.partnerName, 'Kari Nordmann', base.agreement.url]) {
        expect(email.text).toContain(value);
        expect(email.html).toContain(value);
      }
      expect(email.text).toContain(`${copy.acceptLabel}: ${input.acceptance.url}`);
      expect(email.html).toContain(`<html lang="${locale}">`);
      expect(email.text).not.toMatch(/undefined|Invalid Date|NaN/);
      // Closes with the partner's name.
      expect(email.text.trimEnd().endsWith(`${copy.closing}\n${base.partnerName}`)).toBe(true);
    });

    it('puts the acceptance link in text and, escaped, in html', () => {
      for (const acceptance of ACCEPTANCES) {
        const email = renderMicrosoftAcceptanceEmail(locale, { ...base, acceptance });
        expect(email.text).toContain(acceptance.url);
        expect(email.html).toContain(`href="${acceptance.url.replace(/&/g, '&amp;')}"`);
      }
      const attestation = renderMicrosoftAcceptanceEmail(locale, { ...base, acceptance: ACCEPTANCES[1]! });
      expect(attestation.html).toContain('token=abc123&amp;lang=nb&amp;tenant=6f1c3c1e');
      expect(attestation.html).not.toContain('abc123&lang');
    });

    it("never contains any locale's accept phrase", () => {
      for (const input of VARIANTS) {
        const email = renderMicrosoftAcceptanceEmail(locale, input);
        for (const other of SUPPORTED_LOCALES) {
          const phrase = ACCEPT_PHRASES[other];
          const count = occurrences(email.subject + email.text + email.html, phrase);
          expect({ variant: describeVariant(input), other, count }).toEqual({ variant: describeVariant(input), other, count: 0 });
        }
      }
    });

    it('says "reminder" at the start of the reminder subject only', () => {
      const request = renderMicrosoftAcceptanceEmail(locale, base);
      const reminder = renderMicrosoftAcceptanceEmail(locale, { ...base, kind: 'reminder' });
      expect(reminder.subject.startsWith(REMINDER_WORD[locale])).toBe(true);
      expect(request.subject).not.toContain(REMINDER_WORD[locale]);
      expect(reminder.text).toContain(copy.reminder);
      expect(request.text).not.toContain(copy.reminder);
    });

    it('thanks for the written consent only after written consent', () => {
      const before = renderMicrosoftAcceptanceEmail(locale, base);
      const after = renderMicrosoftAcceptanceEmail(locale, { ...base, afterWrittenConsent: true });
      const thanks = copy.afterWrittenConsent({
        customer: base.customerName,
        partner: base.partnerName,
        firstName: 'Kari',
        lastName: 'Nordmann',
      });
      expect(after.text).toContain(thanks);
      expect(before.text).not.toContain(thanks);
    });

    it('explains admin center sign-in for the admin-center kind only', () => {
      const admin = renderMicrosoftAcceptanceEmail(locale, base);
      const link = renderMicrosoftAcceptanceEmail(locale, { ...base, acceptance: ACCEPTANCES[1]! });
      expect(admin.text).toContain(' > ');
      expect(link.text).not.toContain(' > ');
      expect(admin.text).not.toBe(link.text);
    });

    it('gives the expiry date for an attestation link with expiresAt only', () => {
      const withExpiry = renderMicrosoftAcceptanceEmail(locale, { ...base, acceptance: ACCEPTANCES[2]! });
      const without = renderMicrosoftAcceptanceEmail(locale, { ...base, acceptance: ACCEPTANCES[1]! });
      expect(withExpiry.text).toContain(EXPIRY_TEXT[locale]);
      expect(withExpiry.html).toContain(EXPIRY_TEXT[locale]);
      expect(without.text).not.toContain('2026');
    });

    it('mentions the attachment only when the agreement is attached', () => {
      const linked = renderMicrosoftAcceptanceEmail(locale, base);
      const attached = renderMicrosoftAcceptanceEmail(locale, { ...base, agreement: { ...base.agreement, attached: true } });
      expect(linked.text).toContain(copy.readLinked);
      expect(attached.text).toContain(copy.readAttached);
      expect(attached.text).not.toContain(copy.readLinked);
    });

    it('escapes every interpolated value in HTML', () => {
      const hostile: MicrosoftEmailInput = {
        customerName: '<script>alert("c")</script> & Co',
        partnerName: `Tom's "Cloud" <script>Partner</script>`,
        representative: { firstName: '<img src=x onerror=alert(1)>', lastName: '</p><iframe>' },
        acceptance: { kind: 'attestation-link', url: 'https://example.com/attest?a=1&b="2"', expiresAt: EXPIRES_AT },
        agreement: { url: 'https://example.com/mca?a=1&b=2', title: '<svg onload=alert(1)>', attached: true },
        afterWrittenConsent: true,
        kind: 'reminder',
      };
      for (const acceptance of [hostile.acceptance, { kind: 'admin-center' as const, url: ADMIN_CENTER_URL }]) {
        const { html, text, subject } = renderMicrosoftAcceptanceEmail(locale, { ...hostile, acceptance });
        for (const raw of ['<script', '<img', '<iframe', '<svg', '"2"', `Tom's`]) {
          expect(html).not.toContain(raw);
        }
        expect(html).toContain('&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &amp; Co');
        expect(html).toContain('Tom&#39;s &quot;Cloud&quot; &lt;script&gt;Partner&lt;/script&gt;');
        expect(html).toContain('href="https://example.com/mca?a=1&amp;b=2"');
        // Plain text and subject are not HTML: they keep the values as typed.
        expect(text).toContain(hostile.customerName);
        expect(text).toContain(hostile.partnerName);
        expect(subject).toContain(hostile.customerName);
      }
      const { html } = renderMicrosoftAcceptanceEmail(locale, hostile);
      expect(html).toContain('href="https://example.com/attest?a=1&amp;b=&quot;2&quot;"');
    });
  });

  it('keeps a newline in a name out of the subject', () => {
    const email = renderMicrosoftAcceptanceEmail('en', { ...base, customerName: 'Evil\r\nBcc: victim@example.com' });
    expect(email.subject).toBe("Please accept the Microsoft Customer Agreement for Evil Bcc: victim@example.com on Microsoft's website");
  });

  it.each(['javascript:alert(1)', 'data:text/html,<script>alert(1)</script>', 'ftp://example.com/x', 'not a url'])(
    'refuses a non-web acceptance link (%s)',
    (url) => {
      expect(() => renderMicrosoftAcceptanceEmail('en', { ...base, acceptance: { kind: 'admin-center', url } })).toThrow(/Email link/);
      expect(() => renderMicrosoftAcceptanceEmail('en', { ...base, acceptance: { kind: 'attestation-link', url } })).toThrow(/Email link/);
    },
  );

  it('refuses a non-web agreement link', () => {
    const agreement = { ...base.agreement, url: 'javascript:alert(1)' };
    expect(() => renderMicrosoftAcceptanceEmail('en', { ...base, agreement })).toThrow(/http/);
  });

  it('formats the expiry as a UTC date, not the local one', () => {
    const acceptance = { kind: 'attestation-link' as const, url: ATTESTATION_URL, expiresAt: new Date('2026-04-01T00:30:00+02:00') };
    const { text } = renderMicrosoftAcceptanceEmail('en', { ...base, acceptance });
    expect(text).toContain('The link is valid until 31 March 2026.');
  });

  it('leaves out an unparsable expiry date rather than failing', () => {
    const acceptance = { kind: 'attestation-link' as const, url: ATTESTATION_URL, expiresAt: new Date('nonsense') };
    const { text } = renderMicrosoftAcceptanceEmail('en', { ...base, acceptance });
    expect(text).not.toMatch(/valid until|Invalid Date/);
  });

  it('reads in the briefed order (en)', () => {
    const { text } = renderMicrosoftAcceptanceEmail('en', {
      ...base,
      acceptance: ACCEPTANCES[2]!,
      afterWrittenConsent: true,
      kind: 'reminder',
    });
    const order = [
      'Dear Kari Nordmann,',
      'This is a reminder',
      'asks you to accept',
      'Thank you for the written confirmation',
      'Microsoft requires the customer',
      'You do not need to sign in.',
      `Accept the Microsoft Customer Agreement: ${ATTESTATION_URL}`,
      'authorised to enter into agreements',
      'You can read the agreement here:',
      'replying to this email does not count as acceptance',
      'will be informed automatically',
      'If you have any questions',
      'Kind regards,',
    ];
    const positions = order.map((part) => text.indexOf(part));
    expect(positions).not.toContain(-1);
    expect([...positions].sort((a, b) => a - b)).toEqual(positions);
  });
});
