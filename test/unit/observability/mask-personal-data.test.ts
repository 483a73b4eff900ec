import { maskPersonalData, maskedEmail, maskedPhone, scrubKnownPerson } from '@mca/platform';
import { withoutRecipient } from '../../../integrations/src/mail/without-recipient';

describe('maskPersonalData (every serialized log line)', () => {
  test('email addresses become a short hash with the domain; the same address the same hash', () => {
    const line = JSON.stringify({ detail: 'declined by email reply from Kari.Nordmann+x@Fjordkraft.example', to: ['kari.nordmann+x@fjordkraft.example'] });
    const masked = maskPersonalData(line);
    expect(masked).not.toMatch(/kari/i);
    expect(JSON.parse(masked)).toEqual({
      detail: `declined by email reply from ${maskedEmail('kari.nordmann+x@fjordkraft.example')}`,
      to: [maskedEmail('Kari.Nordmann+x@Fjordkraft.example')],
    });
    expect(maskedEmail('kari@fjordkraft.example')).toMatch(/^email#[0-9a-f]{8}@fjordkraft\.example$/);
  });

  test('international phone numbers are masked; ids, times and versions are not', () => {
    const line = JSON.stringify({
      msg: 'call +47 912 34 567 or +4791234567',
      time: 1796161754477,
      id: '6b0f40daa5b2348993eb969b',
      at: 'pkg@1.2.3',
      offset: '+01:00',
    });
    const parsed = JSON.parse(maskPersonalData(line));
    expect(parsed.msg).toMatch(/^call phone#[0-9a-f]{8} or phone#[0-9a-f]{8}$/);
    expect(parsed.msg.split(' ')[1]).toBe(parsed.msg.split(' ')[3]);
    expect(parsed).toMatchObject({ time: 1796161754477, id: '6b0f40daa5b2348993eb969b', at: 'pkg@1.2.3', offset: '+01:00' });
  });

  test('escape sequences survive: the masked line is still the same JSON, minus the address', () => {
    const value = { stack: 'Error: 550\nkari@fjordkraft.example\t"quoted" \\path\\kari@fjordkraft.example \u00e5se@fjordkraft.example\n+47 912 34 567' };
    const parsed = JSON.parse(maskPersonalData(JSON.stringify(value)));
    const m = maskedEmail('kari@fjordkraft.example');
    expect(parsed.stack).toBe(`Error: 550\n${m}\t"quoted" \\path\\${m} ${maskedEmail('\u00e5se@fjordkraft.example')}\n${maskedPhone('+4791234567')}`);
  });
});

describe('scrubKnownPerson (a remote answer about a person we gave it)', () => {
  test('takes the known email, full name, its words and the phone out', () => {
    const text = scrubKnownPerson('451 mailbox of <ingrid@fjellkraft.example> (Ingrid Solbakken, +47 912 34 567) is full; Solbakken unknown', {
      names: ['Ingrid Solbakken'],
      email: 'ingrid@fjellkraft.example',
      phone: '+47 912 34 567',
    });
    expect(text).not.toMatch(/ingrid|solbakken|912 34 567/i);
    expect(text).toContain('([name], phone#');
    expect(text).toContain('; [name] unknown');
  });

  test('whole words only', () => {
    expect(scrubKnownPerson('channel closed for Ann', { names: ['Ann'] })).toBe('channel closed for [name]');
  });
});

describe('withoutRecipient (an SMTP refusal)', () => {
  test("the server's answer loses the recipient; nodemailer's own words stay", () => {
    const response = '550 5.1.1 <message@fjellkraft.example> (Message Solbakken): no such user';
    const err = Object.assign(new Error(`Message failed: ${response}`), { response, responseCode: 550 });
    withoutRecipient(err, { name: 'Message Solbakken', address: 'message@fjellkraft.example' });
    expect(err.message).toBe(`Message failed: 550 5.1.1 <${maskedEmail('message@fjellkraft.example')}> ([name]): no such user`);
    expect(err.response).not.toMatch(/solbakken|message@/i);
    expect(err.stack).not.toMatch(/solbakken/i);
  });
});
