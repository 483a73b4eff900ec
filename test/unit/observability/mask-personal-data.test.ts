import { maskPersonalData, maskedEmail, maskedPhone, withoutPersonalData } from '../../../shared/src/observability';

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
    const line = JSON.stringify({ msg: 'call +47 912 34 567 or +4791234567', time: 1796161754477, id: '6b0f40daa5b2348993eb969b', at: 'pkg@1.2.3', offset: '+01:00' });
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

describe('withoutPersonalData (errors from systems that were given a person)', () => {
  test('takes the known email, names and phone out of the message, stack and string fields', () => {
    const err = Object.assign(new Error('451 mailbox of <ingrid@fjellkraft.example> (Ingrid Solbakken, +47 912 34 567) is full'), {
      response: '451 Ingrid Solbakken is over quota',
      rejected: ['ingrid@fjellkraft.example'],
    });
    withoutPersonalData(err, { firstName: 'Ingrid', lastName: 'Solbakken', email: 'ingrid@fjellkraft.example', phone: '+47 912 34 567' });
    const text = JSON.stringify({ message: err.message, stack: err.stack, response: err.response, rejected: err.rejected });
    expect(text).not.toMatch(/ingrid|solbakken|912 34 567/i);
    expect(err.message).toContain('[name] [name]');
  });

  test('whole words only', () => {
    const err = withoutPersonalData(new Error('channel closed for Ann'), { firstName: 'Ann' });
    expect(err.message).toBe('channel closed for [name]');
  });
});
