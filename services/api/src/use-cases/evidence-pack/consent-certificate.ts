import { shownRepresentative, type AuditCheckpointRecord, type ConsentRecord, type Customer } from '@mca/core';
import type { CertificateContent } from './certificate-pdf';
import type { ExportedEvent, PackFile } from './build-evidence-pack';

const METHOD: Record<string, string> = {
  email: 'email reply from the representative',
  docusign: 'DocuSign electronic signature',
  attestation: 'signed copy uploaded by the partner (attestation)',
  microsoft: "acceptance on Microsoft's side, confirmed through Partner Center",
};

/** The certificate's statements: who consented, when, how, to which agreement, and what proves it. */
export function consentCertificate(input: {
  customer: Customer;
  records: ConsentRecord[];
  files: PackFile[];
  head: ExportedEvent;
  checkpoint: AuditCheckpointRecord;
  leafIndex: number;
  proof: Buffer[];
  verifierKey: string;
  at: Date;
}): CertificateContent {
  const { customer, checkpoint } = input;
  const sections: CertificateContent['sections'] = [
    {
      heading: 'Customer',
      rows: [
        ['Name', customer.name],
        ['Microsoft tenant', customer.tenantId],
        ['Country, language', `${customer.country}, ${customer.language}`],
        ['MCA status', customer.mca.status],
      ],
    },
  ];
  if (input.records.length === 0) sections.push({ heading: 'Consent', rows: [['Recorded', 'no consent is recorded for this customer']] });
  for (const r of input.records) {
    const who = shownRepresentative(r);
    const rows: Array<[string, string]> = [
      ['Method', METHOD[r.method] ?? r.method],
      ['Date agreed', r.dateAgreed.toISOString()],
      ['Recorded at', r.createdAt.toISOString()],
      ['Consent record', r._id.toString()],
    ];
    if (who) rows.splice(0, 0, ['Given by', `${who.firstName ?? ''} ${who.lastName ?? ''}${who.email ? ` <${who.email}>` : ''}`.trim()]);
    if (r.agreement) {
      rows.push(['Agreement', `${r.agreement.title} (${r.agreement.country}, ${r.agreement.language})`]);
      rows.push(['Agreement SHA-256', r.agreement.sha256]);
    }
    if (r.evidence.kind === 'email') {
      const a = r.evidence.authentication;
      rows.push([
        'Reply authentication',
        `DKIM ${a.dkim}, SPF ${a.spf}, DMARC ${a.dmarc} (${a.source}): ${a.authentic ? 'sender domain proven' : 'sender domain NOT proven'}`,
      ]);
      if (r.evidence.messageId) rows.push(['Reply Message-ID', r.evidence.messageId]);
    }
    if (r.evidence.kind === 'docusign') rows.push(['DocuSign envelope', r.evidence.envelopeId]);
    sections.push({ heading: `Consent (${r.layer} layer)`, rows });
  }
  sections.push({
    heading: 'Evidence (in this pack, SHA-256)',
    rows: input.files.length ? input.files.map((f): [string, string] => [f.what, f.sha256]) : [['Files', 'none']],
  });
  sections.push({
    heading: 'Audit chain',
    rows: [
      ['Events', `${input.head.seq} (events.json)`],
      ['Head', `seq ${input.head.seq}: ${input.head.hash}`],
    ],
  });
  sections.push({
    heading: 'Signed checkpoint',
    rows: [
      ['Checkpoint', `number ${checkpoint.number}, ${checkpoint.at.toISOString()}, ${checkpoint.treeSize} chains`],
      ['Merkle root', checkpoint.root],
      ['Signed by', input.verifierKey],
      ['Inclusion proof', `leaf ${input.leafIndex} of ${checkpoint.treeSize}, ${input.proof.length} hashes (inclusion-proof.json)`],
    ],
  });
  return {
    title: 'Certificate of consent: Microsoft Customer Agreement',
    sections,
    footer:
      `Issued ${input.at.toISOString()} by the MCA consent service. Every statement above can be checked without the service: ` +
      'see VERIFY.md in this pack (node verify-pack.mjs). The audit chain and checkpoint prove the records are unchanged since they were ' +
      'signed; the facts themselves are what the service observed when it recorded them.',
  };
}
