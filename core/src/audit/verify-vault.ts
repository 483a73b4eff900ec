import { Types } from 'mongoose';
import type { AuditCheckpointRecord, Models } from '../db';
import { sha256Hex } from '@mca/platform';
import { evidenceBytes } from '../evidence/evidence-store';
import { openRaw } from '../vault/raw-messages';
import type { Vault } from '../vault/vault';
import { AuditEventInput } from './audit-event';
import { eventHash, GENESIS_HASH, hashedFieldsOf } from './event-hash';
import { checkpointSignatureValid, rootOf, type ParsedNote } from './checkpoint';

/**
 * The offline check behind `npm run verify`: every chain link by link from its genesis, every
 * evidence blob against its recorded SHA-256, every checkpoint's signature, root and
 * consistency with the one before, and (optionally) an exported checkpoint kept elsewhere.
 * It stops at the first divergence and says exactly where it is.
 *
 * Consistency, since the leaves are chain heads (which move): checkpoint n+1 is consistent
 * with checkpoint n when its number follows, its time is not earlier, and every chain in n is
 * in n+1 with a seq at least as high; and every checkpoint's leaf (customer, seq, hash) must be
 * the hash of that seq on the chain as stored now, which is itself verified from its genesis.
 * So a chain rewritten after a checkpoint, even with every hash recomputed, no longer holds the
 * signed head; and a chain cut back behind a checkpoint's seq is caught as well.
 */
export interface VerifyOptions {
  customerId?: string;
  /** Raw Ed25519 public keys whose signatures are accepted (the configured key; older ones after a rotation). */
  publicKeys: Buffer[];
  /** A checkpoint exported earlier and kept out of the service's reach. */
  anchor?: ParsedNote;
}

export interface VerifyReport {
  ok: boolean;
  /** The first divergence, precisely: which customer, which seq or file or checkpoint, what differs. */
  divergence?: string;
  /** `erased`: evidence files and replies of customers whose personal data was erased, unreadable by design (their hashes stay in the chain). */
  counts: { chains: number; events: number; evidenceFiles: number; inboundEmails: number; checkpoints: number; erased: number };
}

type Store = { models: Models; vault: Vault };
const isErasure = (err: unknown) => (err as { code?: string }).code === 'PERSONAL_DATA_ERASED';

class Divergence extends Error {}
const diverge = (message: string): never => {
  throw new Divergence(message);
};

export async function verifyVault(store: Store, opts: VerifyOptions): Promise<VerifyReport> {
  const { models } = store;
  const counts = { chains: 0, events: 0, evidenceFiles: 0, inboundEmails: 0, checkpoints: 0, erased: 0 };
  try {
    const chains = await verifyChains(models, opts.customerId, counts);
    await verifyEvidence(store, opts.customerId, chains, counts);
    await verifyCheckpoints(models, opts, chains, counts);
    return { ok: true, counts };
  } catch (err) {
    if (err instanceof Divergence) return { ok: false, divergence: err.message, counts };
    throw err;
  }
}

interface Chain {
  /** hashes[seq - 1] */
  hashes: string[];
  /** evidence file id -> [sha256, seq of the evidence.stored event]; removed on evidence.discarded */
  evidence: Map<string, { sha256: string; seq: number }>;
  inbound: Map<string, { sha256: string; seq: number }>;
}

async function verifyChains(models: Models, customerId: string | undefined, counts: VerifyReport['counts']): Promise<Map<string, Chain>> {
  const chains = new Map<string, Chain>();
  const filter = customerId ? { customerId: new Types.ObjectId(customerId) } : {};
  const cursor = models.auditEvents.find(filter).sort({ customerId: 1, seq: 1 }).lean().cursor();
  let current: { id: string; chain: Chain } | undefined;
  for await (const e of cursor) {
    const id = e.customerId.toString();
    if (current?.id !== id) {
      current = { id, chain: { hashes: [], evidence: new Map(), inbound: new Map() } };
      chains.set(id, current.chain);
      counts.chains++;
    }
    const { chain } = current;
    const expected = chain.hashes.length + 1;
    const where = `customer ${id}, seq ${e.seq}`;
    if (e.seq !== expected) {
      diverge(
        expected === 1
          ? `customer ${id}: the chain starts at seq ${e.seq}, not 1 (seq 1${e.seq > 2 ? `..${e.seq - 1}` : ''} missing)`
          : `customer ${id}: seq ${expected}${e.seq > expected + 1 ? `..${e.seq - 1}` : ''} missing (seq ${expected - 1} is followed by seq ${e.seq})`,
      );
    }
    const prev = chain.hashes[expected - 2] ?? GENESIS_HASH;
    if (e.prevHash !== prev) diverge(`${where} (${e.type}): prevHash ${e.prevHash} is not the hash of seq ${e.seq - 1} (${prev})`);
    const computed = eventHash(hashedFieldsOf(e));
    if (computed !== e.hash)
      diverge(`${where} (${e.type}): the event's contents hash to ${computed}, its recorded hash is ${e.hash} (the event was changed after it was written)`);
    const parsed = AuditEventInput.safeParse({ type: e.type, data: e.data });
    if (!parsed.success) diverge(`${where}: not a valid ${e.type} event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    chain.hashes.push(e.hash);
    counts.events++;
    const data = e.data as Record<string, string>;
    if (e.type === 'evidence.stored') chain.evidence.set(data.evidenceFileId!, { sha256: data.sha256!, seq: e.seq });
    if (e.type === 'evidence.discarded') chain.evidence.delete(data.evidenceFileId!);
    if (e.type === 'reply.received') chain.inbound.set(data.inboundEmailId!, { sha256: data.sha256!, seq: e.seq });
  }
  return chains;
}

async function verifyEvidence(store: Store, customerId: string | undefined, chains: Map<string, Chain>, counts: VerifyReport['counts']) {
  const { models } = store;
  const filter = customerId ? { customerId: new Types.ObjectId(customerId) } : {};
  const rows = models.evidenceFiles.find(filter).sort({ _id: 1 }).lean().cursor();
  const seen = new Set<string>();
  for await (const f of rows) {
    const id = f._id.toString();
    const where = `evidence file ${id} (customer ${f.customerId.toString()}, ${f.fileName})`;
    let data: Buffer | undefined;
    try {
      data = await evidenceBytes(store, f);
    } catch (err) {
      if (!isErasure(err)) return diverge(`${where}: its bytes cannot be read (${(err as Error).message})`);
      counts.erased++; // erased on purpose: the chain still holds the hash it had
    }
    const actual = data && sha256Hex(data);
    if (actual !== undefined && actual !== f.sha256) diverge(`${where}: the stored bytes hash to ${actual}, the recorded SHA-256 is ${f.sha256}`);
    const recorded = chains.get(f.customerId.toString())?.evidence.get(id);
    if (recorded && recorded.sha256 !== f.sha256) {
      diverge(`${where}: the SHA-256 ${f.sha256} differs from ${recorded.sha256} recorded by seq ${recorded.seq} of the customer's chain`);
    }
    seen.add(id);
    counts.evidenceFiles++;
  }
  for (const [cid, chain] of chains) {
    for (const [fileId, { seq }] of chain.evidence) {
      if (!seen.has(fileId)) diverge(`customer ${cid}, seq ${seq}: evidence file ${fileId} recorded there is missing from the store`);
    }
    for (const [inboundId, { sha256, seq }] of chain.inbound) {
      const mail = await models.inboundEmails.findById(inboundId, { raw: 1, sealedFor: 1 }).lean();
      if (!mail) diverge(`customer ${cid}, seq ${seq}: the reply ${inboundId} recorded there is missing from the store`);
      let actual: string;
      try {
        actual = sha256Hex(await openRaw(store.vault, 'inbound-email', mail!));
      } catch (err) {
        if (!isErasure(err)) return diverge(`customer ${cid}, seq ${seq}: the stored reply ${inboundId} cannot be read (${(err as Error).message})`);
        counts.erased++;
        counts.inboundEmails++;
        continue;
      }
      if (actual !== sha256) diverge(`customer ${cid}, seq ${seq}: the stored reply ${inboundId} hashes to ${actual}, the chain recorded ${sha256}`);
      counts.inboundEmails++;
    }
  }
}

async function verifyCheckpoints(models: Models, opts: VerifyOptions, chains: Map<string, Chain>, counts: VerifyReport['counts']) {
  if (opts.anchor && !opts.publicKeys.some((k) => checkpointSignatureValid(opts.anchor!, k))) {
    diverge(`the kept checkpoint ${opts.anchor.number}: its signature does not verify with the audit signing key`);
  }
  const cursor = models.auditCheckpoints.find({}).sort({ number: 1 }).lean().cursor();
  let previous: AuditCheckpointRecord | undefined;
  let anchorSeen = false;
  for await (const c of cursor) {
    const where = `checkpoint ${c.number}`;
    if (c.number !== (previous?.number ?? 0) + 1) diverge(`${where}: checkpoint ${(previous?.number ?? 0) + 1} is missing`);
    if (!opts.publicKeys.some((k) => checkpointSignatureValid(c, k)))
      diverge(`${where}: the signature does not verify with the audit signing key (key id ${c.keyId})`);
    const root = rootOf(c.leaves).toString('hex');
    if (root !== c.root || c.treeSize !== c.leaves.length)
      diverge(`${where}: its ${c.leaves.length} leaves give root ${root}, the signed root is ${c.root} over ${c.treeSize}`);
    for (const leaf of c.leaves) {
      if (opts.customerId && leaf.customerId !== opts.customerId) continue;
      const stored = chains.get(leaf.customerId)?.hashes[leaf.seq - 1];
      if (stored === undefined) diverge(`${where}: customer ${leaf.customerId}'s chain no longer reaches seq ${leaf.seq}, which the checkpoint signed`);
      if (stored !== leaf.hash)
        diverge(`${where}: customer ${leaf.customerId}, seq ${leaf.seq} hashes to ${stored} now, the checkpoint signed ${leaf.hash} (the chain was rewritten)`);
    }
    if (previous) {
      if (c.at < previous.at) diverge(`${where}: dated ${c.at.toISOString()}, before checkpoint ${previous.number} (${previous.at.toISOString()})`);
      const now = new Map(c.leaves.map((l) => [l.customerId, l.seq]));
      for (const old of previous.leaves) {
        const seq = now.get(old.customerId);
        if (seq === undefined || seq < old.seq) {
          diverge(
            `${where} is not consistent with checkpoint ${previous.number}: customer ${old.customerId} was at seq ${old.seq}, now ${seq === undefined ? 'absent' : `at seq ${seq}`}`,
          );
        }
      }
    }
    if (opts.anchor && opts.anchor.number === c.number) {
      anchorSeen = true;
      if (opts.anchor.root !== c.root || opts.anchor.treeSize !== c.treeSize) {
        diverge(`${where}: the stored root ${c.root} (${c.treeSize} leaves) differs from the kept checkpoint's ${opts.anchor.root} (${opts.anchor.treeSize})`);
      }
    }
    previous = c;
    counts.checkpoints++;
  }
  if (opts.anchor && !anchorSeen) diverge(`the kept checkpoint ${opts.anchor.number} is not in the database (it holds ${counts.checkpoints})`);
}
