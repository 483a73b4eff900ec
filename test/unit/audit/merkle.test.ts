import { createHash, generateKeyPairSync, sign } from 'node:crypto';
import {
  checkpointSignatureValid,
  exportCheckpointNote,
  inclusionProof,
  leafHash,
  nodeHash,
  noteKeyHash,
  parseCheckpointNote,
  rawPublicKey,
  rootFromInclusionProof,
  rootOf,
  signingKeyFrom,
  treeHash,
} from '@mca/core';

const sha = (b: Buffer) => createHash('sha256').update(b).digest();
const leaves = (n: number) => [...Array(n)].map((_, i) => leafHash(Buffer.from(`leaf ${i}`)));

describe('RFC 9162 Merkle tree', () => {
  test('domain separation and the split rule, by hand', () => {
    const [a, b, c] = [Buffer.from('a'), Buffer.from('b'), Buffer.from('c')];
    expect(leafHash(a)).toEqual(sha(Buffer.concat([Buffer.from([0]), a])));
    expect(treeHash([])).toEqual(sha(Buffer.alloc(0)));
    // Three leaves split at k = 2: ((a b) c), not (a (b c)).
    const [la, lb, lc] = [leafHash(a), leafHash(b), leafHash(c)];
    expect(treeHash([la, lb, lc])).toEqual(nodeHash(nodeHash(la, lb), lc));
    expect(nodeHash(la, lb)).toEqual(sha(Buffer.concat([Buffer.from([1]), la, lb])));
  });

  test('every inclusion proof of trees of 1 to 17 leaves leads to the root, and a wrong leaf does not', () => {
    for (let n = 1; n <= 17; n++) {
      const ls = leaves(n);
      const root = treeHash(ls);
      for (let m = 0; m < n; m++) {
        const proof = inclusionProof(ls, m);
        expect(rootFromInclusionProof(ls[m]!, m, n, proof)).toEqual(root);
        if (n > 1) expect(rootFromInclusionProof(ls[(m + 1) % n]!, m, n, proof)).not.toEqual(root);
      }
    }
  });
});

describe('checkpoint notes', () => {
  const key = signingKeyFrom(Buffer.alloc(32, 7).toString('base64'), 'test');
  const leaves = [{ customerId: 'a'.repeat(24), seq: 3, hash: 'f'.repeat(64) }];
  const head = { origin: 'example.test/mca-audit', treeSize: 1, root: rootOf(leaves).toString('hex'), number: 4, at: new Date('2026-01-02T03:04:05.000Z') };
  const body = `example.test/mca-audit\n1\n${Buffer.from(head.root, 'hex').toString('base64')}\nnumber 4\ntime 2026-01-02T03:04:05.000Z\n`;
  const signed = {
    ...head,
    leaves,
    keyId: noteKeyHash(head.origin, key.publicRaw).toString('hex'),
    signature: sign(null, Buffer.from(body), key.privateKey).toString('base64'),
  };

  test('export and parse round-trip, and the signature verifies only with its key', () => {
    const note = exportCheckpointNote({ _id: undefined as never, ...signed });
    expect(note.startsWith(body)).toBe(true);
    expect(note).toMatch(/\n\n\u2014 example\.test\/mca-audit [A-Za-z0-9+/=]+\n$/);
    const parsed = parseCheckpointNote(note);
    expect(parsed).toMatchObject({ origin: head.origin, root: head.root, number: 4, keyId: signed.keyId, signature: signed.signature });
    expect(checkpointSignatureValid(parsed, key.publicRaw)).toBe(true);
    const other = rawPublicKey(generateKeyPairSync('ed25519').publicKey);
    expect(checkpointSignatureValid(parsed, other)).toBe(false);
    expect(checkpointSignatureValid({ ...parsed, treeSize: 2 }, key.publicRaw)).toBe(false);
  });

  test('a PKCS#8 PEM and its seed are the same key', () => {
    const pem = key.privateKey.export({ format: 'pem', type: 'pkcs8' }).toString();
    expect(signingKeyFrom(pem, 'pem').publicRaw).toEqual(key.publicRaw);
    expect(() => signingKeyFrom('c2hvcnQ=', 'AUDIT_SIGNING_KEY')).toThrow('AUDIT_SIGNING_KEY is neither a PKCS#8 PEM nor the base64 of a 32-byte Ed25519 seed');
  });
});
