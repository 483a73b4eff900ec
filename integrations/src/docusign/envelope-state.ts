import type { EnvelopeState, SignerState } from './types';
import { asObject, readArray, readString, type WireObject } from '../../../platform/src/wire/json-readers';
import { parseDocuSignDate } from './docusign-date';

/**
 * Maps a REST Envelope (GET …/envelopes/{id}?include=recipients) to our state. A JSON SIM
 * `envelopeSummary` mirrors the same model, so Connect messages use this too.
 */
export function envelopeStateFromRest(raw: unknown, fallbackEnvelopeId: string): EnvelopeState {
  const env = asObject(raw);
  const state: EnvelopeState = {
    envelopeId: readString(env, 'envelopeId') ?? fallbackEnvelopeId,
    status: (readString(env, 'status') ?? 'unknown').toLowerCase(),
    signers: signersFromRestRecipients(env?.recipients),
  };
  assignDefined(state, {
    completedAt: parseDocuSignDate(readString(env, 'completedDateTime')),
    declinedAt: parseDocuSignDate(readString(env, 'declinedDateTime')),
    voidedAt: parseDocuSignDate(readString(env, 'voidedDateTime')),
    voidedReason: readString(env, 'voidedReason'),
  });
  return state;
}

/** Only `signers`: the envelopes we send have one signer; carbon copies and others never sign. */
export function signersFromRestRecipients(raw: unknown): SignerState[] {
  return readArray(asObject(raw), 'signers')
    .map(asObject)
    .filter((s): s is WireObject => s !== undefined)
    .map((s) => {
      const signer: SignerState = {
        recipientId: readString(s, 'recipientId') ?? '',
        name: readString(s, 'name') ?? '',
        email: readString(s, 'email') ?? '',
        status: (readString(s, 'status') ?? 'unknown').toLowerCase(),
      };
      assignDefined(signer, {
        signedAt: parseDocuSignDate(readString(s, 'signedDateTime')),
        declinedAt: parseDocuSignDate(readString(s, 'declinedDateTime')),
        declinedReason: readString(s, 'declinedReason'),
        deliveredAt: parseDocuSignDate(readString(s, 'deliveredDateTime')),
      });
      return signer;
    });
}

/** Keeps absent values absent (no `key: undefined`), so results compare cleanly and serialize small. */
export function assignDefined<T extends object>(target: T, values: Partial<T>): void {
  for (const [key, value] of Object.entries(values)) {
    if (value !== undefined) (target as Record<string, unknown>)[key] = value;
  }
}
