import { classifyReply, MAX_REPLY_WORDS } from '@mca/inbound-email';

describe('classifyReply: acceptance', () => {
  test.each([
    // the instruction phrases of the consent email
    ['I accept', 'en'],
    ['Jeg godtar', 'nb'],
    ['Ich stimme zu', 'de'],
    ['Jag godkänner', 'sv'],
    ['Jeg accepterer', 'da'],
    ['Ik ga akkoord', 'nl'],
    ['Hyväksyn', 'fi'],
    // common variants
    ['Yes, I accept.', 'en'],
    ['I agree', 'en'],
    ['I consent', 'en'],
    ['We accept', 'en'],
    ['Accepted', 'en'],
    ['I hereby accept the agreement on behalf of Fabrikam AS', 'en'],
    ['No problem, I accept', 'en'],
    ['“I accept”', 'en'],
    ['Ja, jeg godtar', 'nb'],
    ['Vi godtar', 'nb'],
    ['Jeg samtykker', 'nb'],
    ['Godtatt', 'nb'],
    ['Herved godtar jeg avtalen', 'nb'],
    ['«Jeg godtar»', 'nb'],
    ['Eg godtek', 'nn'],
    ['Wir stimmen zu', 'de'],
    ['Ich stimme dem Vertrag zu', 'de'],
    ['Hiermit stimme ich zu', 'de'],
    ['Einverstanden', 'de'],
    ['Ich bin einverstanden', 'de'],
    ['Ich akzeptiere', 'de'],
    ['„Ich stimme zu“', 'de'],
    ['Jag samtycker', 'sv'],
    ['Vi godkänner', 'sv'],
    ['Jeg godkender', 'da'],
    ['Vi accepterer', 'da'],
    ['Akkoord', 'nl'],
    ['Ik accepteer', 'nl'],
    ['Ik ga hiermee akkoord', 'nl'],
    ['Hyväksymme', 'fi'],
    ['Hyväksytään', 'fi'],
  ])('%j -> accept (%s)', (text, language) => {
    expect(classifyReply(text)).toMatchObject({ verdict: 'accept', language });
  });

  test.each([
    ['Norwegian greeting and signature', 'Hei Kari,\n\nJeg godtar.\n\nMed vennlig hilsen\nOla Nordmann\nDaglig leder | Fabrikam AS\nTlf. +47 22 00 00 00'],
    ['greeting on the same line', 'Hei, jeg godtar'],
    ['German', 'Hallo,\nich stimme zu\n\nViele Grüße\nHans'],
    ['Dutch', 'Beste Contoso,\n\nIk ga akkoord.\n\nMet vriendelijke groet,\nJan de Vries'],
    ['Finnish', 'Hyvä Kari,\n\nHyväksyn.\n\nYstävällisin terveisin\nMatti'],
    ['English', 'Hi,\n\nI accept.\n\nBest regards,\nKari Nordmann'],
    ['full-width characters (NFKC)', 'Ｉ ａｃｃｅｐｔ'],
    ['email address in the signature', 'I accept\n\nKari <kari@fabrikam.example>'],
  ])('%s: greetings and sign-offs do not get in the way', (_label, text) => {
    expect(classifyReply(text).verdict).toBe('accept');
  });

  test('the representative signing with just a name is not counted as words', () => {
    const longSignature = `Jeg godtar\n${'Kari Nordmann\n'.repeat(25)}`;
    expect(classifyReply(longSignature).verdict).toBe('unclear');
    expect(classifyReply(longSignature, { signerName: 'Kari Nordmann' }).verdict).toBe('accept');
  });
});

describe('classifyReply: refusal', () => {
  test.each([
    // negation after the verb, as Nordic and German put it
    ['Jeg godtar ikke', 'nb'],
    ['Vi godtar ikke', 'nb'],
    ['Nei, jeg godtar ikke.', 'nb'],
    ['Eg godtek ikkje', 'nn'],
    ['Ich stimme nicht zu', 'de'],
    ['Ich stimme dem nicht zu', 'de'],
    ['Nicht einverstanden', 'de'],
    ['Jag godkänner inte', 'sv'],
    ['Jeg accepterer ikke', 'da'],
    ['Ik ga niet akkoord', 'nl'],
    ['En hyväksy', 'fi'],
    ['Emme hyväksy', 'fi'],
    ['I do not accept', 'en'],
    ["I don't agree", 'en'],
    ['I can’t accept this', 'en'],
    ['I accept. I do not accept.', 'en'],
    ['Nei, jeg godtar ikke.', 'nb'],
    // the negation carried by the object
    ['I accept nothing.', 'en'],
    ['I accept none of it', 'en'],
    ['Jeg godtar ingenting', 'nb'],
    ['Ich akzeptiere nichts', 'de'],
    // explicit refusals
    ['No', 'en'],
    ['Nei', 'nb'],
    ['Nei takk', 'nb'],
    ['Nein', 'de'],
    ['Nein, danke.', 'de'],
    ['Nej', 'sv'],
    ['Nee', 'nl'],
    ['Ei', 'fi'],
    ['I decline', 'en'],
    ['I refuse', 'en'],
    ['Jeg avslår', 'nb'],
    ['Vi avslår forespørselen', 'nb'],
    ['Ich lehne den Vertrag ab', 'de'],
    ['Jag avböjer', 'sv'],
    ['Ik weiger', 'nl'],
    ['Kieltäydyn', 'fi'],
  ])('%j -> decline (%s)', (text, language) => {
    expect(classifyReply(text)).toMatchObject({ verdict: 'decline', language });
  });
});

describe('classifyReply: unclear', () => {
  test.each([
    // hedges and conditions
    ['I accept if the price stays the same', 'if'],
    ['I accept, but only for Azure', 'but'],
    ['I accept provided that our discount is kept', 'provided'],
    ['I will accept later', 'later'],
    ['Not yet', 'yet'],
    ['Jeg godtar hvis prisen er den samme', 'hvis'],
    ['Jeg godtar, men ikke før neste uke', 'men'],
    ['Jeg godtar ikke ennå', 'ennå'],
    ['Ich stimme zu, wenn der Preis gleich bleibt', 'wenn'],
    ['Ich stimme zu, aber erst nächste Woche', 'aber'],
    ['Ich stimme zu, falls nötig', 'falls'],
    ['Jag godkänner om priset är detsamma', 'om'],
    ['Jeg accepterer, men kun for Azure', 'men'],
    ['Ik ga akkoord als de prijs gelijk blijft', 'als'],
    ['Ik ga akkoord, maar alleen voor Azure', 'maar'],
    ['Hyväksyn, jos hinta pysyy samana', 'jos'],
    ['Hyväksyn, mutta vain Azuren osalta', 'mutta'],
  ])('%j -> unclear (hedge %s)', (text, hedge) => {
    const result = classifyReply(text);
    expect(result.verdict).toBe('unclear');
    expect(result.reason).toBe(`condition or hedge "${hedge}"`);
  });

  test.each([
    ['Do I accept?', 'the reply asks a question'],
    ['Hva betyr dette for lisensene våre?', 'the reply asks a question'],
    ['', 'empty reply'],
    ['   \n\n ', 'empty reply'],
    ['Mvh\nKari', 'only a greeting or a signature'],
    ['Hei Kari,', 'only a greeting or a signature'],
    ['Takk for informasjonen', 'only a greeting or a signature'],
    ['«»', 'only a greeting or a signature'],
    ['Yes', 'no accept or decline phrase found'],
    ['Ja', 'no accept or decline phrase found'],
    ['OK', 'no accept or decline phrase found'],
    ['Vi har mottatt e-posten', 'no accept or decline phrase found'],
    ['My colleague accepts', 'mentions "accepts" but is not a first-person acceptance'],
    ['Das stimmt nicht', 'negative "nicht" without a consent verb'],
    ['See https://example.com/?accept=1', 'no accept or decline phrase found'],
  ])('%j -> unclear: %s', (text, reason) => {
    const result = classifyReply(text);
    expect(result).toEqual({ verdict: 'unclear', reason, ...(result.language ? { language: result.language } : {}) });
  });

  // A decline is final; a negation in another sentence or clause is not a refusal of the consent.
  test.each([
    ['I accept. No need to call.', 'no'],
    ["I accept. Don't hesitate to contact me.", 'not'],
    ['I accept, no objections.', 'no'],
    ['Jeg godtar\n\nIkke nøl med å ta kontakt.', 'ikke'],
    ['Nei. Jeg godtar.', 'nei'],
    ['Ich stimme zu. Nicht vergessen: Rechnung an die Zentrale.', 'nicht'],
  ])('%j -> unclear, not decline (negation "%s" outside the verb\'s clause)', (text, negation) => {
    expect(classifyReply(text)).toMatchObject({ verdict: 'unclear', reason: expect.stringContaining(`with "${negation}" in another sentence or clause`) });
  });

  test('accepting and refusing in one reply is unclear', () => {
    expect(classifyReply('I accept and I decline')).toMatchObject({ verdict: 'unclear', reason: 'the reply both accepts and refuses' });
  });

  test('a negated refusal is unclear, not a refusal', () => {
    expect(classifyReply('I do not refuse')).toMatchObject({ verdict: 'unclear' });
  });

  test(`more than ${MAX_REPLY_WORDS} words is unclear even with the accept phrase`, () => {
    const long = `Jeg godtar. ${'Vi har lest avtalen nøye sammen med styret. '.repeat(6)}`;
    expect(classifyReply(long)).toMatchObject({ verdict: 'unclear', reason: expect.stringMatching(/^too long/) });
    expect(classifyReply('Jeg godtar. Vi har lest avtalen nøye sammen med styret.').verdict).toBe('accept');
  });

  test('the accept phrase quoted inside our own instruction sentence is unclear, never accept', () => {
    // what a missed quote would leave behind: our instruction plus the refusal warning
    const leaked =
      'For å godta avtalen på vegne av Fabrikam AS svarer du på denne e-posten med nøyaktig disse ordene:\nJeg godtar\nEthvert annet svar, også «Nei», regnes ikke som godkjenning av avtalen.';
    expect(classifyReply(leaked).verdict).not.toBe('accept');
  });
});
