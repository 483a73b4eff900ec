/**
 * Words and phrases the reply classifier looks for. Patterns run over the normalised reply:
 * lowercase words separated by single spaces, with one space added at both ends, so ` x ` is a
 * whole-word match (JavaScript's \b does not understand å, ä, ö, ø).
 */

export type ReplyLanguage = 'en' | 'nb' | 'nn' | 'da' | 'sv' | 'de' | 'nl' | 'fi';

/** Languages whose negation words are shared or easily mixed up. */
type NegationGroup = 'en' | 'nordic' | 'de' | 'nl' | 'fi';

export interface PhraseRule {
  language: ReplyLanguage;
  pattern: RegExp;
}

const rule = (language: ReplyLanguage, pattern: RegExp): PhraseRule => ({ language, pattern });

/** Explicit first-person statements of consent. The instruction phrases are the first of each. */
export const ACCEPT_STATEMENTS: readonly PhraseRule[] = [
  rule('en', / (i|we)( hereby| herewith| fully| also| do)? (accept|agree|consent) /),
  rule('nb', / (jeg|vi)( herved| hermed| også)? (godtar|samtykker|aksepterer|godkjenner) /),
  rule('nb', / (herved|hermed|dermed) (godtar|samtykker|aksepterer|godkjenner) (jeg|vi) /),
  rule('nn', / (eg|vi)( herved| hermed| òg)? (godtek|samtykkjer|aksepterer|godkjenner) /),
  rule('da', / (jeg|vi)( hermed| herved| også)? (accepterer|godkender|samtykker|godtager) /),
  rule('da', / (hermed|herved) (accepterer|godkender|samtykker|godtager) (jeg|vi) /),
  rule('sv', / (jag|vi)( härmed| också)? (godkänner|samtycker|accepterar|godtar) /),
  rule('sv', / härmed (godkänner|samtycker|accepterar|godtar) (jag|vi) /),
  rule('de', / (ich|wir)( \S+){0,4} (stimme|stimmen)( \S+){0,4} zu /),
  rule('de', / (ich|wir) (stimme|stimmen)( \S+){0,4} zu /),
  rule('de', / (stimme ich|stimmen wir)( \S+){0,4} zu /),
  rule('de', / (ich bin|wir sind)( \S+){0,3} einverstanden /),
  rule('de', / (ich|wir)( hiermit)? (akzeptiere|akzeptieren) /),
  rule('de', / (akzeptiere ich|akzeptieren wir) /),
  rule('de', / (ich|wir)( \S+){0,3} (willige|willigen)( \S+){0,3} ein /),
  rule('de', / (ich gebe|wir geben)( hiermit)? (meine|unsere) zustimmung /),
  rule('nl', / (ik|wij|we) (ga|gaan)( \S+){0,3} akkoord /),
  rule('nl', / (ga ik|gaan wij|gaan we)( \S+){0,3} akkoord /),
  rule('nl', / (ik ben|wij zijn|we zijn)( \S+){0,2} akkoord /),
  rule('nl', / (ik|wij|we)( hierbij)? (accepteer|accepteren|aanvaard|aanvaarden) /),
  rule('nl', / (ik|wij|we) (stem|stemmen)( \S+){0,3} in /),
  rule('fi', / (hyväksyn|hyväksymme|hyväksytään) /),
];

/** Words that accept on their own ("Accepted.", "Einverstanden", "Akkoord"), but only as the whole reply. */
export const STANDALONE_ACCEPT: ReadonlyMap<string, ReplyLanguage> = new Map<string, ReplyLanguage>([
  ['accepted', 'en'],
  ['agreed', 'en'],
  ['godtatt', 'nb'],
  ['akseptert', 'nb'],
  ['godkjent', 'nb'],
  ['godteke', 'nn'],
  ['godkjend', 'nn'],
  ['accepteret', 'da'],
  ['godkendt', 'da'],
  ['godkänt', 'sv'],
  ['godkänd', 'sv'],
  ['accepterat', 'sv'],
  ['einverstanden', 'de'],
  ['akzeptiert', 'de'],
  ['zugestimmt', 'de'],
  ['akkoord', 'nl'],
  ['geaccepteerd', 'nl'],
  ['goedgekeurd', 'nl'],
  ['hyväksytty', 'fi'],
  ['hyväksytään', 'fi'],
  ['hyväksyn', 'fi'],
]);

/** Words allowed next to a standalone acceptance or a bare refusal without changing it. */
export const FILLER_WORDS: ReadonlySet<string> = new Set([
  'yes',
  'ja',
  'jawohl',
  'jo',
  'joo',
  'kyllä',
  'ok',
  'okay',
  'oké',
  'sure',
  'hereby',
  'herved',
  'hermed',
  'härmed',
  'hiermit',
  'hierbij',
  'täten',
  'thanks',
  'thank',
  'you',
  'takk',
  'tak',
  'tack',
  'danke',
  'dank',
  'bedankt',
  'kiitos',
  'sorry',
  'beklager',
  'desværre',
  'tyvärr',
  'leider',
  'helaas',
  'valitettavasti',
]);

/** A reply made only of these (and fillers) refuses: "No", "Nei takk", "Nein, danke". */
export const BARE_REFUSALS: ReadonlyMap<string, ReplyLanguage> = new Map<string, ReplyLanguage>([
  ['no', 'en'],
  ['nope', 'en'],
  ['nei', 'nb'],
  ['nej', 'sv'],
  ['nein', 'de'],
  ['nee', 'nl'],
  ['neen', 'nl'],
  ['ei', 'fi'],
]);

/** First-person refusals without a consent verb. */
export const REFUSAL_STATEMENTS: readonly PhraseRule[] = [
  rule('en', / (i|we)( hereby| must| have to| respectfully| therefore)? (decline|refuse|reject|object) /),
  rule('en', / (declined|rejected|refused) /),
  rule('nb', / (jeg|vi)( \S+){0,2} (avslår|avviser|nekter|avstår) /),
  rule('nb', / (jeg|vi) sier nei /),
  rule('nb', / (avslått|avvist) /),
  rule('da', / (jeg|vi)( \S+){0,2} (afslår|afviser|nægter) /),
  rule('da', / (jeg|vi) siger nej /),
  rule('sv', / (jag|vi)( \S+){0,2} (avböjer|avslår|avvisar|nekar|vägrar) /),
  rule('sv', / (jag|vi) säger nej /),
  rule('de', / (ich|wir)( \S+){0,4} (lehne|lehnen)( \S+){0,4} ab /),
  rule('de', / (lehne ich|lehnen wir)( \S+){0,4} ab /),
  rule('de', / (ich|wir) (widerspreche|widersprechen|verweigere|verweigern) /),
  rule('de', / abgelehnt /),
  rule('nl', / (ik|wij|we) (weiger|weigeren) /),
  rule('nl', / (ik|wij|we) (wijs|wijzen)( \S+){0,3} af /),
  rule('nl', / afgewezen /),
  rule('fi', / (kieltäydyn|kieltäydymme|hylkään|hylkäämme|hylätään) /),
];

/** The verbs of REFUSAL_STATEMENTS, for telling a signature line from a statement. */
const REFUSAL_VERBS: ReadonlySet<string> = new Set([
  'decline',
  'declined',
  'refuse',
  'refused',
  'reject',
  'rejected',
  'object',
  'avslår',
  'avslått',
  'avviser',
  'avvist',
  'nekter',
  'avstår',
  'afslår',
  'afviser',
  'nægter',
  'avböjer',
  'avvisar',
  'nekar',
  'vägrar',
  'lehne',
  'lehnen',
  'abgelehnt',
  'widerspreche',
  'widersprechen',
  'verweigere',
  'verweigern',
  'weiger',
  'weigeren',
  'afgewezen',
  'kieltäydyn',
  'kieltäydymme',
  'hylkään',
  'hylkäämme',
  'hylätään',
]);

/**
 * Stems of consent verbs in any form ("accepts", "godtar", "stimme", "hyväksy"), used to tell
 * "Jeg godtar ikke" (a refusal) from an unrelated "ikke".
 */
const STEMS: ReadonlyArray<readonly [stem: string, language: ReplyLanguage]> = [
  ['accept', 'en'],
  ['agree', 'en'],
  ['consent', 'en'],
  ['godta', 'nb'],
  ['godtek', 'nn'],
  ['samtykk', 'nb'],
  ['aksept', 'nb'],
  ['godkjen', 'nb'],
  ['acceptere', 'da'],
  ['accepteret', 'da'],
  ['godkend', 'da'],
  ['godtag', 'da'],
  ['godkän', 'sv'],
  ['samtyck', 'sv'],
  ['accepterar', 'sv'],
  ['accepterat', 'sv'],
  // "stimmt" (that's right) is not consent, so only the forms of "zustimmen"
  ['stimme', 'de'],
  ['zustimm', 'de'],
  ['einverstanden', 'de'],
  ['akzeptier', 'de'],
  ['willige', 'de'],
  ['einwillig', 'de'],
  ['akkoord', 'nl'],
  ['accepteer', 'nl'],
  ['accepteren', 'nl'],
  ['aanvaard', 'nl'],
  ['instem', 'nl'],
  ['hyväksy', 'fi'],
];
// Longest first, so "accepterer" is Danish rather than English "accept...".
const CONSENT_STEMS = [...STEMS].sort((a, b) => b[0].length - a[0].length);

const GROUP_OF: Readonly<Record<ReplyLanguage, NegationGroup>> = {
  en: 'en',
  nb: 'nordic',
  nn: 'nordic',
  da: 'nordic',
  sv: 'nordic',
  de: 'de',
  nl: 'nl',
  fi: 'fi',
};

const NEGATIONS: Readonly<Record<NegationGroup, readonly string[]>> = {
  // The object can carry the negation too: "I accept nothing", "Jeg godtar ingenting".
  en: [
    'not',
    'no',
    'never',
    'cannot',
    'nope',
    'neither',
    'nor',
    'dont',
    'doesnt',
    'didnt',
    'cant',
    'wont',
    'wouldnt',
    'shouldnt',
    'isnt',
    'arent',
    'nothing',
    'none',
  ],
  nordic: ['ikke', 'ikkje', 'inte', 'icke', 'ej', 'aldri', 'aldrig', 'nei', 'nej', 'ingen', 'inga', 'inget', 'intet', 'ingenting'],
  de: ['nicht', 'nie', 'niemals', 'nein', 'kein', 'keine', 'keinen', 'keinem', 'keiner', 'keines', 'nichts'],
  nl: ['niet', 'nooit', 'nee', 'neen', 'geen', 'niets'],
  fi: ['en', 'et', 'ei', 'emme', 'ette', 'eivät', 'älä', 'älkää'],
};
// Negations that are ordinary words in another of our languages ("en" is "a"/"and", "no" is
// nynorsk "now") only count in their own language; the rest count whatever the verb's language.
const AMBIGUOUS_NEGATIONS = new Set(['no', 'en', 'et', 'ei', 'ej', 'ingen', 'inga', 'inget', 'intet', 'nie', 'nor']);
const UNIVERSAL_NEGATIONS = new Set(
  Object.values(NEGATIONS)
    .flat()
    .filter((w) => !AMBIGUOUS_NEGATIONS.has(w)),
);

/** Idioms that contain a negation but agree ("No problem, I accept"). */
export const POSITIVE_IDIOMS: readonly RegExp[] = [
  / (no|not a) (problem|problems|worries) /g,
  / (ingen|ikke noe|ikke noget|inget|intet) (problem|problemer) /g,
  / kein (problem|thema) /g,
  / geen (probleem|punt) /g,
  / ei ongelmaa /g,
];

/**
 * Conditions, hedges and deferrals. With any of these the reply is not an unambiguous
 * indication of consent, whatever else it says.
 */
export const HEDGES: ReadonlySet<string> = new Set([
  // en
  'if',
  'unless',
  'but',
  'however',
  'provided',
  'providing',
  'pending',
  'once',
  'later',
  'yet',
  'until',
  'except',
  'assuming',
  'maybe',
  'perhaps',
  'probably',
  'think',
  'guess',
  'would',
  'could',
  'might',
  'may',
  'condition',
  'conditions',
  'conditional',
  'conditionally',
  'subject',
  // nb, nn, da
  'hvis',
  'dersom',
  'om',
  'viss',
  'men',
  'forutsatt',
  'forutsetning',
  'forudsat',
  'forudsætning',
  'senere',
  'seinare',
  'ennå',
  'enno',
  'endnu',
  'kanskje',
  'måske',
  'muligens',
  'forbehold',
  'betingelse',
  'betinget',
  'unntatt',
  'undtagen',
  // sv
  'förutsatt',
  'senare',
  'ännu',
  'kanske',
  'villkor',
  'förbehåll',
  'utom',
  'såvida',
  // de
  'wenn',
  'falls',
  'aber',
  'sofern',
  'vorausgesetzt',
  'später',
  'noch',
  'jedoch',
  'vielleicht',
  'bedingung',
  'vorbehalt',
  'außer',
  'ausser',
  'erst',
  // nl
  'als',
  'indien',
  'maar',
  'mits',
  'tenzij',
  'nog',
  'misschien',
  'voorwaarde',
  'voorbehoud',
  'behalve',
  // fi
  'jos',
  'mutta',
  'kunhan',
  'myöhemmin',
  'vielä',
  'ehkä',
  'ehdolla',
  'edellyttäen',
  'paitsi',
]);
/** Multi-word hedges, as ` x y ` patterns. */
export const HEDGE_PHRASES: readonly string[] = [' med mindre ', ' inntil videre ', ' til videre ', ' unter der bedingung '];

export interface ConsentStem {
  language: ReplyLanguage;
  word: string;
}

/** The consent verb `word` is a form of, if any ("godtar" -> nb, "hyväksy" -> fi). */
export function consentStemOf(word: string): ConsentStem | undefined {
  const hit = CONSENT_STEMS.find(([stem]) => word.startsWith(stem));
  return hit && { word, language: hit[1] };
}

/**
 * Is `word` a negation for a consent verb in one of `languages`? Ambiguous negations ("en",
 * "ei", "no") only count in their own language group; the others count everywhere.
 */
export function isNegationFor(word: string, languages: readonly ReplyLanguage[]): boolean {
  return UNIVERSAL_NEGATIONS.has(word) || languages.some((l) => NEGATIONS[GROUP_OF[l]].includes(word));
}

/** Words that change the meaning of a reply; greetings and signatures never contain them. */
export function isSignificantWord(word: string): boolean {
  return (
    consentStemOf(word) !== undefined ||
    HEDGES.has(word) ||
    BARE_REFUSALS.has(word) ||
    UNIVERSAL_NEGATIONS.has(word) ||
    STANDALONE_ACCEPT.has(word) ||
    REFUSAL_VERBS.has(word)
  );
}
