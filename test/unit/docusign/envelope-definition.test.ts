import { buildEnvelopeDefinition, fileExtensionFor } from '../../../shared/src/docusign/envelope-definition';
import type { EnvelopeInput } from '../../../shared/src/docusign';

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
