import { sign, verify } from 'node:crypto';
import { isDuplicateKey, type AuditCheckpointRecord, type CheckpointLeaf, type Models } from '../db';
import { leafHash, treeHash } from './merkle';
import { noteKeyHash, publicKeyFromRaw, type AuditSigningKey } from './signing-key';

/**
 * Signed checkpoints over every chain's head. The tree's leaves are the heads, one per
 * customer, sorted by customer id; leaf data is `<customerId>:<seq>:<hash>` (UTF-8). The signed
 * text is a C2SP tlog-checkpoint body (origin, size, base64 root) with two extension lines,
 * the checkpoint's number and time; exportCheckpointNote wraps it as a C2SP signed note.
 */
export const leafData = (l: CheckpointLeaf) => Buffer.from(`${l.customerId}:${l.seq}:${l.hash}`, 'utf8');
export const rootOf = (leaves: readonly CheckpointLeaf[]) => treeHash(leaves.map((l) => leafHash(leafData(l))));

export interface CheckpointHead {
  origin: string;
  treeSize: number;
  /** hex */
  root: string;
  number: number;
  at: Date;
}

export function checkpointBody(c: CheckpointHead): string {
  return `${c.origin}\n${c.treeSize}\n${Buffer.from(c.root, 'hex').toString('base64')}\nnumber ${c.number}\ntime ${c.at.toISOString()}\n`;
}

/** Every chain's head, read in one pass over the chains (seq ascending: the last one seen is the head). */
export async function currentHeads(models: Models): Promise<CheckpointLeaf[]> {
  const heads = new Map<string, CheckpointLeaf>();
  const cursor = models.auditEvents.find({}, { customerId: 1, seq: 1, hash: 1 }).sort({ customerId: 1, seq: 1 }).lean().cursor();
  for await (const e of cursor) heads.set(e.customerId.toString(), { customerId: e.customerId.toString(), seq: e.seq, hash: e.hash });
  return [...heads.values()].sort((a, b) => (a.customerId < b.customerId ? -1 : a.customerId > b.customerId ? 1 : 0));
}

/**
 * Signs and stores checkpoint number latest+1 over the current heads; when no chain moved since
 * the latest one, that one stands (no new checkpoint). Two makers racing: the unique `number`
 * lets one win and the other returns the winner's.
 */
export async function makeCheckpoint(
  ctx: { models: Models; now: () => Date },
  signer: { key: AuditSigningKey; origin: string },
): Promise<{ checkpoint: AuditCheckpointRecord; created: boolean }> {
  const { models } = ctx;
  const latest = await models.auditCheckpoints.findOne({}).sort({ number: -1 }).lean();
  const leaves = await currentHeads(models);
  const root = rootOf(leaves).toString('hex');
  if (latest && latest.root === root && latest.treeSize === leaves.length) return { checkpoint: latest, created: false };
  const head: CheckpointHead = { origin: signer.origin, treeSize: leaves.length, root, number: (latest?.number ?? 0) + 1, at: ctx.now() };
  const signature = sign(null, Buffer.from(checkpointBody(head), 'utf8'), signer.key.privateKey).toString('base64');
  const keyId = noteKeyHash(signer.origin, signer.key.publicRaw).toString('hex');
  try {
    const [doc] = await models.auditCheckpoints.insertMany([{ ...head, leaves, keyId, signature }]);
    return { checkpoint: doc!.toObject() as AuditCheckpointRecord, created: true };
  } catch (err) {
    if (!isDuplicateKey(err)) throw err;
    const winner = await models.auditCheckpoints.findOne({ number: head.number }).lean();
    if (!winner) throw err;
    return { checkpoint: winner, created: false };
  }
}

/** The checkpoint as a C2SP signed note: the body, a blank line, `— <name> <base64(key hash || signature)>`. */
export function exportCheckpointNote(c: AuditCheckpointRecord): string {
  const sig = Buffer.concat([Buffer.from(c.keyId, 'hex'), Buffer.from(c.signature, 'base64')]).toString('base64');
  return `${checkpointBody(c)}\n\u2014 ${c.origin} ${sig}\n`;
}

export interface ParsedNote extends CheckpointHead {
  keyId: string;
  signature: string;
}

export function parseCheckpointNote(text: string): ParsedNote {
  const cut = text.indexOf('\n\n');
  if (cut < 0) throw new Error('not a signed note: no blank line before the signatures');
  const body = text.slice(0, cut + 1);
  const lines = body.split('\n');
  const [origin, size, root64, numberLine, timeLine] = lines;
  const number = /^number (\d+)$/.exec(numberLine ?? '')?.[1];
  const time = /^time (\S+)$/.exec(timeLine ?? '')?.[1];
  if (!origin || !/^\d+$/.test(size ?? '') || !root64 || !number || !time)
    throw new Error('not an MCA audit checkpoint: expected origin, size, root, number and time lines');
  const sigLine = text
    .slice(cut + 2)
    .split('\n')
    .find((l) => l.startsWith(`\u2014 ${origin} `));
  if (!sigLine) throw new Error(`the note carries no signature by ${origin}`);
  const raw = Buffer.from(sigLine.slice(`\u2014 ${origin} `.length), 'base64');
  const head: CheckpointHead = {
    origin,
    treeSize: Number(size),
    root: Buffer.from(root64, 'base64').toString('hex'),
    number: Number(number),
    at: new Date(time),
  };
  if (checkpointBody(head) !== body) throw new Error('the note body is not in canonical form');
  return { ...head, keyId: raw.subarray(0, 4).toString('hex'), signature: raw.subarray(4).toString('base64') };
}

/** Whether the signature over the checkpoint's body verifies with this public key, named as its keyId says. */
export function checkpointSignatureValid(c: CheckpointHead & { keyId: string; signature: string }, publicRaw: Buffer): boolean {
  if (noteKeyHash(c.origin, publicRaw).toString('hex') !== c.keyId) return false;
  return verify(null, Buffer.from(checkpointBody(c), 'utf8'), publicKeyFromRaw(publicRaw), Buffer.from(c.signature, 'base64'));
}
