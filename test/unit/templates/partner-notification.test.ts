import { PARTNER_EVENTS, renderPartnerNotification, type PartnerNotificationData } from '@mca/templates';

const data: PartnerNotificationData = {
  customerName: 'Fjordkraft AS',
  tenantId: '6f1c3c1e-2b8a-4f7e-9d5c-0a1b2c3d4e5f',
  representative: { firstName: 'Kari', lastName: 'Nordmann', email: 'kari@fjordkraft.example' },
  acceptedAt: new Date('2026-03-01T10:20:30Z'),
  method: 'email',
  reason: 'Reply did not pass DMARC',
  consoleUrl: 'https://mca.example.com/#/customers/abc123',
};

describe('renderPartnerNotification', () => {
  it.each(PARTNER_EVENTS)('renders %s with the customer, tenant and console link', (event) => {
    const email = renderPartnerNotification(event, data);
    expect(email.subject).toContain('Fjordkraft AS');
    for (const part of [email.text, email.html]) {
      expect(part).toContain('Fjordkraft AS');
      expect(part).toContain(data.tenantId);
      expect(part).toContain('kari@fjordkraft.example');
    }
    expect(email.text).toContain(data.consoleUrl);
    expect(email.html).toContain(`href="${data.consoleUrl}"`);
  });

  it('gives each event its own subject', () => {
    const subjects = PARTNER_EVENTS.map((event) => renderPartnerNotification(event, data).subject);
    expect(new Set(subjects).size).toBe(PARTNER_EVENTS.length);
  });

  it('states when and how consent was given on unlock', () => {
    const { text } = renderPartnerNotification('customer.unlocked', data);
    expect(text).toContain('Accepted at: 2026-03-01 10:20:30 UTC');
    expect(text).toContain('Method: Email reply');
    expect(text).toContain('Accepted by: Kari Nordmann <kari@fjordkraft.example>');
  });

  it('shows the reason for review', () => {
    expect(renderPartnerNotification('consent.needs_review', data).text).toContain('Reason: Reply did not pass DMARC');
  });

  it('works with only the required fields', () => {
    const minimal = { customerName: 'Acme', tenantId: 't', consoleUrl: 'http://localhost:3000/' };
    for (const event of PARTNER_EVENTS) {
      const email = renderPartnerNotification(event, minimal);
      expect(email.text).not.toMatch(/undefined|Invalid Date/);
    }
  });

  it('leaves out an unparsable date rather than failing', () => {
    const email = renderPartnerNotification('customer.unlocked', { ...data, acceptedAt: new Date('nonsense') });
    expect(email.text).not.toContain('Accepted at');
  });

  it('shows an unknown method as given', () => {
    expect(renderPartnerNotification('customer.unlocked', { ...data, method: 'fax' }).text).toContain('Method: fax');
  });

  it('escapes every value in HTML', () => {
    const hostile: PartnerNotificationData = {
      ...data,
      customerName: '<script>x()</script>',
      representative: { firstName: '<b>', lastName: '"q"', email: 'a<b>@example.com' },
      reason: '<img src=x>',
      method: '<i>',
    };
    for (const event of PARTNER_EVENTS) {
      const { html } = renderPartnerNotification(event, hostile);
      for (const raw of ['<script', '<b>', '<img', '<i>', '"q"']) expect(html).not.toContain(raw);
      expect(html).toContain('&lt;script&gt;x()&lt;/script&gt;');
    }
  });
});
