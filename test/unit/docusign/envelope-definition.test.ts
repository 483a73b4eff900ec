import { buildEnvelopeDefinition, fileExtensionFor } from '../../../integrations/src/docusign/envelope-definition';
import { envelopeNotification, sdkNotification, wholeDays } from '../../../integrations/src/docusign/envelope-notification';
import type { EnvelopeInput } from '@mca/integrations';

const DOCX = 'application/vnd.openxmlformats-officedocument.wordprocessingml.document';

const base: Omit<EnvelopeInput, 'source'> = {
  emailSubject: 'Please sign the Microsoft Customer Agreement',
  emailBlurb: 'Hei Kari',
  signer: { name: 'Kari Nordmann', email: 'kari@fjordkraft.example' },
  anchors: { signHere: '/mca-sign/', dateSigned: '/mca-date/', fullName: '/mca-name/' },
  webhookUrl: 'https://mca.example/webhooks/docusign',
  requestId: 'req-123',
};

describe('buildEnvelopeDefinition', () => {
  test('template source: templateId and one template role, no documents or anchor tabs', () => {
    const def = buildEnvelopeDefinition({ ...base, source: { kind: 'template', templateId: 'tpl-1', roleName: 'Customer' } });
    expect(def.templateId).toBe('tpl-1');
    expect(def.templateRoles).toEqual([{ name: 'Kari Nordmann', email: 'kari@fjordkraft.example', roleName: 'Customer' }]);
    expect(def.documents).toBeUndefined();
    expect(def.recipients).toBeUndefined();
    expect(def.customFields.textCustomFields).toEqual([{ name: 'mcaRequestId', value: 'req-123', show: 'false' }]);
    expect(def.eventNotification.url).toBe(base.webhookUrl);
  });

  test('document source: base64 document and one signer with anchor tabs', () => {
    const def = buildEnvelopeDefinition({ ...base, source: { kind: 'document', name: 'mca.pdf', content: Buffer.from('%PDF-1.4 x') } });
    expect(def.documents).toEqual([{ documentBase64: Buffer.from('%PDF-1.4 x').toString('base64'), name: 'mca.pdf', fileExtension: 'pdf', documentId: '1' }]);
    expect(def.recipients?.signers[0]?.tabs?.fullNameTabs).toEqual([{ anchorString: '/mca-name/', anchorUnits: 'pixels', anchorIgnoreIfNotPresent: 'false' }]);
    expect(def.templateId).toBeUndefined();
  });
});

describe('envelope documents: the extension follows the content type', () => {
  test('the form first, then the agreement as Word (docx)', () => {
    const form = Buffer.from('%PDF-1.4 form');
    const word = Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x01]);
    const def = buildEnvelopeDefinition({
      ...base,
      source: { kind: 'document', name: 'form.pdf', content: form, appendices: [{ name: 'MCA_NO_nb-NO.docx', content: word, contentType: DOCX }] },
    });
    expect(def.documents).toEqual([
      { documentBase64: form.toString('base64'), name: 'form.pdf', fileExtension: 'pdf', documentId: '1' },
      { documentBase64: word.toString('base64'), name: 'MCA_NO_nb-NO.docx', fileExtension: 'docx', documentId: '2' },
    ]);
  });

  test('content types map to DocuSign extensions; unknown ones are refused', () => {
    expect(fileExtensionFor('application/pdf')).toBe('pdf');
    expect(fileExtensionFor(`${DOCX}; charset=binary`)).toBe('docx');
    expect(() => fileExtensionFor('text/html')).toThrow(/text\/html/);
  });
});

describe("the envelope's own reminders and expiry (DocuSign counts whole days)", () => {
  const DAY = 86_400_000;
  test('REMINDER_AFTER=3d,7d and 30d: first reminder after 3 days, then every 4, at most 2; expires after 30', () => {
    const notification = envelopeNotification({ reminderAfter: [3 * DAY, 7 * DAY], expiresAfter: 30 * DAY });
    expect(notification).toEqual({ reminderDelayDays: 3, reminderFrequencyDays: 4, reminderCount: 2, expireAfterDays: 30 });
    const def = buildEnvelopeDefinition({ ...base, source: { kind: 'template', templateId: 'tpl-1', roleName: 'Customer' }, notification });
    expect(def.notification).toEqual({
      useAccountDefaults: 'false',
      reminders: { reminderEnabled: 'true', reminderDelay: '3', reminderFrequency: '4', maximumReminderCount: '2' },
      expirations: { expireEnabled: 'true', expireAfter: '30', expireWarn: '0' },
    });
  });

  test('hours round to the nearest day, at least one; one reminder does not repeat before the expiry', () => {
    expect(envelopeNotification({ reminderAfter: [36 * 3_600_000], expiresAfter: 10 * DAY })).toEqual({
      reminderDelayDays: 2,
      reminderFrequencyDays: 10,
      reminderCount: 1,
      expireAfterDays: 10,
    });
    expect(envelopeNotification({ reminderAfter: [2_000, 4_000], expiresAfter: 6_000 })).toMatchObject({ reminderDelayDays: 1, expireAfterDays: 1 });
    expect(wholeDays(11 * 3_600_000)).toBe(1);
  });

  test('REMINDER_AFTER=none: DocuSign sends no reminder; reminders at or after the expiry are left out', () => {
    const none = envelopeNotification({ reminderAfter: [], expiresAfter: 30 * DAY });
    expect(none).toEqual({ expireAfterDays: 30 });
    expect(sdkNotification(none).reminders).toEqual({ reminderEnabled: 'false' });
    expect(envelopeNotification({ reminderAfter: [3 * DAY, 40 * DAY], expiresAfter: 30 * DAY })).toMatchObject({ reminderCount: 1, reminderFrequencyDays: 30 });
  });

  test('without notification settings the envelope carries none (the account defaults apply)', () => {
    expect(buildEnvelopeDefinition({ ...base, source: { kind: 'template', templateId: 'tpl-1', roleName: 'Customer' } }).notification).toBeUndefined();
  });
});
