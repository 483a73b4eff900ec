import {
  ACCEPT_STATEMENTS,
  BARE_REFUSALS,
  consentStemOf,
  FILLER_WORDS,
  HEDGE_PHRASES,
  HEDGES,
  isNegationFor,
  POSITIVE_IDIOMS,
  REFUSAL_STATEMENTS,
  STANDALONE_ACCEPT,
  type ConsentStem,
  type PhraseRule,
  type ReplyLanguage,
} from './consent-vocabulary';
import { paddedWords, replyWords, withoutAddresses } from './reply-words';
import { stripPleasantries } from './strip-pleasantries';

export type ReplyVerdict = 'accept' | 'decline' | 'unclear';

export interface ReplyClassification {
  verdict: ReplyVerdict;
  /** Why, in words a partner reviewing the reply can check. */
  reason: string;
  /** Language of the phrase the verdict rests on, when there is one. */
  language?: ReplyLanguage;
}

export interface ClassifyReplyOptions {
  /** The representative's name, so a signature line with just the name is not counted as content. */
  signerName?: string;
}

/** Longer replies say more than yes or no; a person should read them. */
export const MAX_REPLY_WORDS = 40;

/**
 * Reads consent from the extracted reply text (research/email.md §7). Rule-based and biased to
 * 'unclear': only a short, unconditional, first-person acceptance is 'accept'. A negation
 * anywhere in the reply rules out 'accept'; in the consent verb's own clause, before or after
 * it, it makes it 'decline', because Nordic and German put the negation after the verb
 * ("Jeg godtar ikke", "Ich stimme dem nicht zu").
 */
export function classifyReply(text: string, opts: ClassifyReplyOptions = {}): ReplyClassification {
  if (text.trim() === '') return unclear('empty reply');
  const body = stripPleasantries(withoutAddresses(text), opts.signerName);
  if (body === '') return unclear('only a greeting or a signature');
  if (/[?¿]/.test(body)) return unclear('the reply asks a question');

  const padded = POSITIVE_IDIOMS.reduce((s, idiom) => s.replace(idiom, ' '), paddedWords(replyWords(body)));
  const words = padded.split(' ').filter((w) => w.length > 0);
  if (words.length === 0) return unclear('only a greeting or a signature');
  if (words.length > MAX_REPLY_WORDS) return unclear(`too long to decide automatically (${words.length} words)`);

  const hedge = words.find((w) => HEDGES.has(w)) ?? HEDGE_PHRASES.find((p) => padded.includes(p))?.trim();
  if (hedge) return unclear(`condition or hedge "${hedge}"`);

  const accepts = ACCEPT_STATEMENTS.filter((r) => r.pattern.test(padded));
  const refusals = REFUSAL_STATEMENTS.filter((r) => r.pattern.test(padded));
  const stems = words.map(consentStemOf).filter((s): s is ConsentStem => s !== undefined);
  const languages = [...new Set([...accepts.map((r) => r.language), ...stems.map((s) => s.language)])];
  const negation = words.find((w) => isNegationFor(w, languages));

  if ((accepts.length > 0 || stems.length > 0) && negation) {
    const verb = accepts[0] ? quote(padded, accepts[0]) : `"${stems[0]?.word}"`;
    // A decline is final, so the negation must be in the verb's own clause: "I accept. No need
    // to call." is not a refusal. Elsewhere it still rules out 'accept' and a person decides.
    if (!negatedInOneClause(body, languages)) return unclear(`${verb} with "${negation}" in another sentence or clause`, languages[0]);
    return decline(`${verb} negated by "${negation}"`, languages[0]);
  }
  if (refusals[0]) {
    if (accepts.length > 0) return unclear('the reply both accepts and refuses');
    if (negation) return unclear(`negated refusal ${quote(padded, refusals[0])}`);
    return decline(`refusal ${quote(padded, refusals[0])}`, refusals[0].language);
  }
  const refusalWord = words.find((w) => BARE_REFUSALS.has(w));
  if (refusalWord && words.every((w) => BARE_REFUSALS.has(w) || FILLER_WORDS.has(w))) {
    return decline(`refusal "${refusalWord}"`, BARE_REFUSALS.get(refusalWord));
  }
  if (accepts[0]) return accept(`accept phrase ${quote(padded, accepts[0])}`, accepts[0].language);

  const standalone = words.find((w) => STANDALONE_ACCEPT.has(w));
  if (standalone && words.every((w) => STANDALONE_ACCEPT.has(w) || FILLER_WORDS.has(w))) {
    return accept(`accept word "${standalone}"`, STANDALONE_ACCEPT.get(standalone));
  }
  if (stems[0]) return unclear(`mentions "${stems[0].word}" but is not a first-person acceptance`, stems[0].language);
  if (negation) return unclear(`negative "${negation}" without a consent verb`);
  return unclear('no accept or decline phrase found');
}

// Clause ends; a comma counts too ("I accept, no objections"), which can only turn a decline into a review.
const CLAUSE_END = /[.!;,\n]+/;

/** Some clause holds both a consent verb (or accept phrase) and a negation. */
function negatedInOneClause(body: string, languages: readonly ReplyLanguage[]): boolean {
  return body.split(CLAUSE_END).some((clause) => {
    const padded = POSITIVE_IDIOMS.reduce((s, idiom) => s.replace(idiom, ' '), paddedWords(replyWords(clause)));
    const words = padded.split(' ').filter((w) => w.length > 0);
    const consents = ACCEPT_STATEMENTS.some((r) => r.pattern.test(padded)) || words.some((w) => consentStemOf(w) !== undefined);
    return consents && words.some((w) => isNegationFor(w, languages));
  });
}

function quote(padded: string, rule: PhraseRule): string {
  return `"${padded.match(rule.pattern)?.[0].trim() ?? ''}"`;
}

function accept(reason: string, language: ReplyLanguage | undefined): ReplyClassification {
  return { verdict: 'accept', reason, ...(language ? { language } : {}) };
}

function decline(reason: string, language: ReplyLanguage | undefined): ReplyClassification {
  return { verdict: 'decline', reason, ...(language ? { language } : {}) };
}

function unclear(reason: string, language?: ReplyLanguage): ReplyClassification {
  return { verdict: 'unclear', reason, ...(language ? { language } : {}) };
}
