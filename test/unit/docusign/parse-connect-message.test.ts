import { createHash } from 'node:crypto';
import { ConnectMessageError, parseConnectMessage } from '@mca/integrations';
import { connectFixture } from './connect-fixtures';

const JSON_TYPE = 'application/json; charset=utf-8';

describe('parseConnectMessage: JSON SIM', () => {
  test('envelope-completed with envelopeSummary: the envelope comes along, string scalars mapped', () => {
    const parsed = parseConnectMessage(connectFixture('sim-envelope-completed-with-envelopeSummary.json'), JSON_TYPE);
    expect(parsed).toEqual({
      format: 'json-sim',
      event: 'envelope-completed',
      envelopeId: '7a5f1e05-6b6b-445e-9ec0-b8531bacca38',
      // 7 fractional digits in the capture; a Date keeps milliseconds.
      generatedAt: new Date('2022-09-22T15:22:53.458Z'),
      envelope: {
        envelopeId: '7a5f1e05-6b6b-445e-9ec0-b8531bacca38',
        status: 'completed',
        completedAt: new Date('2022-09-22T15:22:52.920Z'),
        signers: [
          {
            recipientId: '98969862',
            name: 'Sample Signer',
            email: 'signer@example.com',
            status: 'completed',
            signedAt: new Date('2022-09-22T15:22:52.920Z'),
            deliveredAt: new Date('2022-09-22T15:22:50.373Z'),
          },
        ],
      },
      dedupKey: '7a5f1e05-6b6b-445e-9ec0-b8531bacca38|envelope-completed||2022-09-22T15:22:53.4580747Z',
    });
  });

  test('envelope-completed without envelopeSummary: no envelope, the handler must GET it', () => {
    const parsed = parseConnectMessage(connectFixture('sim-envelope-completed-minimal.json'), 'application/json');
    expect(parsed).toEqual({
      format: 'json-sim',
      event: 'envelope-completed',
      envelopeId: '71799c95-8417-4b16-90d5-86ff24a91d09',
      generatedAt: new Date('2022-12-09T18:32:13.299Z'),
      dedupKey: '71799c95-8417-4b16-90d5-86ff24a91d09|envelope-completed||2022-12-09T18:32:13.2990000Z',
    });
  });

  test('recipient event: data.recipientId (the short id) is read and part of the dedup key', () => {
    const parsed = parseConnectMessage(connectFixture('sim-recipient-completed-minimal.json'), 'application/json');
    expect(parsed).toMatchObject({ event: 'recipient-completed', envelopeId: '71799c95-8417-4b16-90d5-86ff24a91d09', recipientId: '1' });
    expect(parsed.envelope).toBeUndefined();
    expect(parsed.dedupKey).toBe('71799c95-8417-4b16-90d5-86ff24a91d09|recipient-completed|1|2022-12-09T18:29:29.7360000Z');
  });

  test.each(['recipient-declined', 'recipient-autoresponded', 'Envelope-Voided'])('other event names pass through, lowercased: %s', (event) => {
    const raw = Buffer.from(connectFixture('sim-recipient-completed-minimal.json').toString().replace('recipient-completed', event));
    expect(parseConnectMessage(raw, 'application/json').event).toBe(event.toLowerCase());
  });

  test('the pretty-printed capture parses like a minimal one', () => {
    const parsed = parseConnectMessage(connectFixture('sim-envelope-completed-minimal-pretty.json'), 'application/json');
    expect(parsed).toMatchObject({ format: 'json-sim', event: 'envelope-completed', envelopeId: '67179a9e-209e-428f-a17f-09eac742f749' });
    expect(parsed.generatedAt).toEqual(new Date('2023-07-06T18:05:48.414Z'));
  });

  test('the dedup key comes from the fields, so the same message reformatted has the same key', () => {
    const minimal = connectFixture('sim-envelope-completed-minimal.json');
    const pretty = Buffer.from(JSON.stringify(JSON.parse(minimal.toString()), null, 2));
    expect(pretty.equals(minimal)).toBe(false);
    expect(parseConnectMessage(pretty, 'application/json')).toEqual(parseConnectMessage(minimal, 'application/json'));
  });

  test('captures of different events have different keys (they differ by generatedDateTime and envelope)', () => {
    const keys = [
      'sim-envelope-completed-minimal.json',
      'sim-envelope-completed-minimal-pretty.json',
      'sim-recipient-completed-minimal.json',
      'sim-envelope-completed-with-envelopeSummary.json',
    ].map((f) => parseConnectMessage(connectFixture(f), 'application/json').dedupKey);
    expect(new Set(keys).size).toBe(keys.length);
  });

  test('without generatedDateTime the key is the body hash, so only the exact bytes dedup', () => {
    const message = JSON.parse(connectFixture('sim-envelope-completed-minimal.json').toString());
    delete message.generatedDateTime;
    const raw = Buffer.from(JSON.stringify(message));
    const parsed = parseConnectMessage(raw, 'application/json');
    expect(parsed.generatedAt).toBeUndefined();
    expect(parsed.dedupKey).toBe(`sha256:${createHash('sha256').update(raw).digest('hex')}`);
  });
});

describe('parseConnectMessage: legacy XML', () => {
  test('Completed: event, signers only (no carbon copy), times moved from TimeZoneOffset -7 to UTC', () => {
    const parsed = parseConnectMessage(connectFixture('legacy-xml-envelope-completed.xml'), 'text/xml; charset=utf-8');
    expect(parsed).toEqual({
      format: 'xml-legacy',
      event: 'envelope-completed',
      envelopeId: '08740f95-2187-4b01-9a69-452ae3140752',
      generatedAt: new Date('2020-03-29T06:57:15.108Z'),
      envelope: {
        envelopeId: '08740f95-2187-4b01-9a69-452ae3140752',
        status: 'completed',
        completedAt: new Date('2020-03-29T06:56:54.590Z'),
        signers: [
          {
            // The XML carries the recipient GUID, not the short id.
            recipientId: '994d45c0-3d06-4174-9d53-70d15683c0e2',
            name: 'Larry Kluger',
            email: 'larry.kluger@example.com',
            status: 'completed',
            signedAt: new Date('2020-03-29T06:56:54.043Z'),
            deliveredAt: new Date('2020-03-29T06:56:46.887Z'),
          },
        ],
      },
      dedupKey: '08740f95-2187-4b01-9a69-452ae3140752|envelope-completed||2020-03-28T23:57:15.1085476',
    });
  });

  test('Sent: signer sent, nothing signed yet', () => {
    const parsed = parseConnectMessage(connectFixture('legacy-xml-envelope-sent.xml'), 'application/xml');
    expect(parsed.event).toBe('envelope-sent');
    expect(parsed.envelope).toEqual({
      envelopeId: '08740f95-2187-4b01-9a69-111111111111',
      status: 'sent',
      signers: [{ recipientId: '994d45c0-3d06-4174-1111-111111111111', name: 'Larry Kluger', email: 'larry.kluger@example.com', status: 'sent' }],
    });
  });

  test('without TimeZoneOffset the zone-less times are UTC', () => {
    const raw = Buffer.from(
      connectFixture('legacy-xml-envelope-completed.xml')
        .toString()
        .replace(/<TimeZoneOffset>-7<\/TimeZoneOffset>/, ''),
    );
    expect(parseConnectMessage(raw, 'text/xml').envelope?.completedAt).toEqual(new Date('2020-03-28T23:56:54.590Z'));
  });

  test('declined with a reason, and voided with a reason', () => {
    const declined = connectFixture('legacy-xml-envelope-sent.xml')
      .toString()
      .replace('<DeclineReason xsi:nil="true" />', '<Declined>2020-03-29T01:00:00.5</Declined><DeclineReason>Not authorised to sign</DeclineReason>')
      .replace('<Status>Sent</Status>\n            <RecipientIPAddress>', '<Status>Declined</Status>\n            <RecipientIPAddress>')
      .replace('<Status>Sent</Status>\n      <Created>', '<Status>Declined</Status>\n      <Declined>2020-03-29T01:00:00.5</Declined>\n      <Created>');
    const parsedDeclined = parseConnectMessage(Buffer.from(declined), 'text/xml');
    expect(parsedDeclined.event).toBe('envelope-declined');
    expect(parsedDeclined.envelope).toMatchObject({ status: 'declined', declinedAt: new Date('2020-03-29T08:00:00.500Z') });
    expect(parsedDeclined.envelope?.signers[0]).toMatchObject({
      status: 'declined',
      declinedReason: 'Not authorised to sign',
      declinedAt: new Date('2020-03-29T08:00:00.500Z'),
    });

    const voided = connectFixture('legacy-xml-envelope-sent.xml')
      .toString()
      .replace(
        '<Status>Sent</Status>\n      <Created>',
        '<Status>Voided</Status>\n      <Voided>2020-03-29T02:00:00</Voided>\n      <VoidReason>Envelope has expired</VoidReason>\n      <Created>',
      );
    expect(parseConnectMessage(Buffer.from(voided), 'text/xml').envelope).toMatchObject({
      status: 'voided',
      voidedAt: new Date('2020-03-29T09:00:00Z'),
      voidedReason: 'Envelope has expired',
    });
  });

  test('the body decides when the content type says neither (missing, octet-stream)', () => {
    expect(parseConnectMessage(connectFixture('legacy-xml-envelope-completed.xml'), undefined).format).toBe('xml-legacy');
    expect(parseConnectMessage(connectFixture('sim-envelope-completed-minimal-pretty.json'), 'application/octet-stream').format).toBe('json-sim');
  });
});

describe('parseConnectMessage: anything else is a ConnectMessageError', () => {
  test.each([
    ['empty body', '', undefined],
    ['plain text', 'hello DocuSign', undefined],
    ['invalid JSON', '{"event":', 'application/json'],
    ['JSON that is not Connect', '{"event":"envelope-completed","data":{}}', 'application/json'],
    ['a JSON array', '[{"event":"envelope-completed"}]', 'application/json'],
    ['HTML', '<!doctype html><html><body>hi</body></html>', 'text/html'],
    ['XML of another kind', '<?xml version="1.0"?><Invoice><Status>Paid</Status></Invoice>', 'text/xml'],
    ['malformed XML', '<DocuSignEnvelopeInformation><EnvelopeStatus>', 'text/xml'],
    ['XML with a DTD', '<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><DocuSignEnvelopeInformation/>', 'text/xml'],
    ['JSON declared as XML', '{"event":"envelope-completed","data":{"envelopeId":"x"}}', 'text/xml'],
  ])('%s', (_label, body, contentType) => {
    expect(() => parseConnectMessage(Buffer.from(body), contentType)).toThrow(ConnectMessageError);
  });
});
