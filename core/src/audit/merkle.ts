import { createHash } from 'node:crypto';

/**
 * RFC 9162 (Certificate Transparency 2.0) section 2.1 Merkle tree hashing, with its domain
 * separation: a leaf is SHA-256(0x00 || data), an interior node SHA-256(0x01 || left || right),
 * and a tree of n > 1 leaves splits at k, the largest power of two smaller than n.
 */
const sha256 = (...parts: Buffer[]) => createHash('sha256').update(Buffer.concat(parts)).digest();
export const leafHash = (data: Buffer) => sha256(Buffer.from([0]), data);
export const nodeHash = (left: Buffer, right: Buffer) => sha256(Buffer.from([1]), left, right);

function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH(D[n]) over leaf hashes (already leafHash-ed); the empty tree's hash is SHA-256 of nothing. */
export function treeHash(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) return sha256();
  if (leaves.length === 1) return leaves[0]!;
  const k = split(leaves.length);
  return nodeHash(treeHash(leaves.slice(0, k)), treeHash(leaves.slice(k)));
}

/** PATH(m, D[n]) of RFC 9162 2.1.3.1: the sibling hashes from the leaf up to the root. */
export function inclusionProof(leaves: readonly Buffer[], m: number): Buffer[] {
  if (m < 0 || m >= leaves.length) throw new Error(`leaf ${m} is not in a tree of ${leaves.length}`);
  if (leaves.length === 1) return [];
  const k = split(leaves.length);
  return m < k
    ? [...inclusionProof(leaves.slice(0, k), m), treeHash(leaves.slice(k))]
    : [...inclusionProof(leaves.slice(k), m - k), treeHash(leaves.slice(0, k))];
}

/** The root that leaf `m` of a tree of `n` with this proof leads to (compare it with the signed root). */
export function rootFromInclusionProof(leaf: Buffer, m: number, n: number, proof: readonly Buffer[]): Buffer {
  if (n === 1) {
    if (proof.length !== 0 || m !== 0) throw new Error('inclusion proof does not fit the tree size');
    return leaf;
  }
  const sibling = proof[proof.length - 1];
  if (!sibling) throw new Error('inclusion proof is too short for the tree size');
  const rest = proof.slice(0, -1);
  const k = split(n);
  return m < k ? nodeHash(rootFromInclusionProof(leaf, m, k, rest), sibling) : nodeHash(sibling, rootFromInclusionProof(leaf, m - k, n - k, rest));
}
