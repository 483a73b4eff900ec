import { ACCEPT_PHRASES, escapeHtml, renderConsentEmail, SUPPORTED_LOCALES, type ConsentEmailInput, type Locale } from '@mca/templates';

const base: ConsentEmailInput = {
  customerName: 'Fjordkraft AS',
  partnerName: 'Nordic Cloud Partner AS',
  representative: { firstName: 'Kari', lastName: 'Nordmann' },
  agreement: { url: 'https://aka.ms/customeragreement', title: 'Microsoft Customer Agreement', attached: false },
  kind: 'request',
};

const KINDS = ['request', 'reminder'] as const;

/** How each locale's reminder subject starts. */
const REMINDER_WORD: Record<Locale, string> = {
  en: 'Reminder',
  nb: 'Påminnelse',
  de: 'Erinnerung',
  sv: 'Påminnelse',
  da: 'Påmindelse',
  nl: 'Herinnering',
  fi: 'Muistutus',
};

/** Case-insensitive occurrences of `needle` anywhere, even inside longer words. */
function occurrences(haystack: string, needle: string): number {
  return haystack.toLowerCase().split(needle.toLowerCase()).length - 1;
}

describe('renderConsentEmail', () => {
  describe.each(SUPPORTED_LOCALES)('%s', (locale) => {
    it.each(KINDS)('renders a complete %s', (kind) => {
      const email = renderConsentEmail(locale, { ...base, kind });
      expect(email.subject.trim()).not.toBe('');
      expect(email.text.trim()).not.toBe('');
      expect(email.html.trim()).not.toBe('');
      expect(email.subject).toContain(base.customerName);
      expect(email.subject).not.toMatch(/[\r\n]/);
      for (const value of [base.customerName, base.partnerName, 'Kari Nordmann', base.agreement.url]) {
        expect(email.text).toContain(value);
        expect(email.html).toContain(value);
      }
      expect(email.html).toContain(`<html lang="${locale}">`);
    });

    it.each(KINDS)('asks for the exact accept phrase once, on its own line (%s)', (kind) => {
      const email = renderConsentEmail(locale, { ...base, kind });
      const phrase = ACCEPT_PHRASES[locale];
      expect(email.text.split('\n').map((line) => line.trim())).toContain(phrase);
      expect(email.html).toContain(`<strong>${escapeHtml(phrase)}</strong>`);
      // Once, even as part of a longer word: a quoted original must not look like a second consent.
      expect(occurrences(email.text, phrase)).toBe(1);
      expect(occurrences(email.html, phrase)).toBe(1);
      expect(occurrences(email.subject, phrase)).toBe(0);
    });

    it("never contains another locale's accept phrase", () => {
      for (const kind of KINDS) {
        for (const attached of [true, false]) {
          const email = renderConsentEmail(locale, { ...base, kind, agreement: { ...base.agreement, attached } });
          for (const other of SUPPORTED_LOCALES.filter((l) => l !== locale)) {
            const phrase = ACCEPT_PHRASES[other];
            expect({ other, count: occurrences(email.subject + email.text, phrase) }).toEqual({ other, count: 0 });
          }
        }
      }
    });

    it('says "reminder" in the reminder subject only', () => {
      const request = renderConsentEmail(locale, base);
      const reminder = renderConsentEmail(locale, { ...base, kind: 'reminder' });
      expect(reminder.subject.startsWith(REMINDER_WORD[locale])).toBe(true);
      expect(request.subject).not.toContain(REMINDER_WORD[locale]);
      expect(reminder.text.length).toBeGreaterThan(request.text.length);
    });

    it('mentions the attachment only when the agreement is attached', () => {
      const linked = renderConsentEmail(locale, base);
      const attached = renderConsentEmail(locale, { ...base, agreement: { ...base.agreement, attached: true } });
      expect(attached.text).not.toBe(linked.text);
      expect(attached.text).toContain(base.agreement.url);
    });

    it('escapes every interpolated value in HTML', () => {
      const hostile: ConsentEmailInput = {
        customerName: '<script>alert("c")</script> & Co',
        partnerName: `Tom's "Cloud" <b>Partner</b>`,
        representative: { firstName: '<img src=x onerror=alert(1)>', lastName: '</p><iframe>' },
        agreement: { url: 'https://example.com/mca?a=1&b="2"', title: '<svg onload=alert(1)>', attached: true },
        kind: 'reminder',
      };
      const { html, text } = renderConsentEmail(locale, hostile);
      for (const raw of ['<script', '<img', '<iframe', '<svg', '<b>', '"2"', `Tom's`]) {
        expect(html).not.toContain(raw);
      }
      expect(html).toContain('&lt;script&gt;alert(&quot;c&quot;)&lt;/script&gt; &amp; Co');
      expect(html).toContain('href="https://example.com/mca?a=1&amp;b=&quot;2&quot;"');
      // Plain text is not HTML: it keeps the values as typed.
      expect(text).toContain(hostile.customerName);
    });
  });

  it('keeps a newline in a name out of the subject', () => {
    const email = renderConsentEmail('en', { ...base, customerName: 'Evil\r\nBcc: victim@example.com' });
    expect(email.subject).toBe('Please accept the Microsoft Customer Agreement for Evil Bcc: victim@example.com');
  });

  it('refuses a non-web agreement link', () => {
    const agreement = { ...base.agreement, url: 'javascript:alert(1)' };
    expect(() => renderConsentEmail('en', { ...base, agreement })).toThrow(/http/);
  });

  it('has one accept phrase per locale, all distinct', () => {
    const phrases = SUPPORTED_LOCALES.map((l) => ACCEPT_PHRASES[l].toLowerCase());
    expect(new Set(phrases).size).toBe(SUPPORTED_LOCALES.length);
    expect(ACCEPT_PHRASES).toEqual({
      en: 'I accept',
      nb: 'Jeg godtar',
      de: 'Ich stimme zu',
      sv: 'Jag godkänner',
      da: 'Jeg accepterer',
      nl: 'Ik ga akkoord',
      fi: 'Hyväksyn',
    });
  });
});

describe('escapeHtml', () => {
  it('escapes the five HTML-significant characters', () => {
    expect(escapeHtml(`<a href="x" title='y'>&</a>`)).toBe('&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
    expect(escapeHtml('Ærlig & «ok»')).toBe('Ærlig &amp; «ok»');
  });
});
