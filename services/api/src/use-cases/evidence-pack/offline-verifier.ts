/**
 * The pack's own verifier, `verify-pack.mjs`: plain Node (18+), no dependencies, so a third
 * party can read all of it before running it. It re-does what `npm run verify` does for one
 * customer, from the pack's files alone. Kept as text here because it ships inside the zip.
 */
export const VERIFY_PACK_MJS = String.raw`// Verifies an MCA evidence pack offline: node verify-pack.mjs [pack-dir] [verifier-key]
import { createHash, createPublicKey, verify } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';

const dir = process.argv[2] ?? '.';
const read = (f) => readFileSync(path.join(dir, f));
const sha256 = (b) => createHash('sha256').update(b).digest();
const hex = (b) => b.toString('hex');
const fail = (why) => { console.log('FAILED: ' + why); process.exit(1); };
// RFC 8785 (JCS) for what the events hold: strings, integers, booleans, objects, arrays.
const jcs = (v) => v === null || typeof v !== 'object' ? JSON.stringify(v)
  : Array.isArray(v) ? '[' + v.map(jcs).join(',') + ']'
  : '{' + Object.keys(v).sort().map((k) => JSON.stringify(k) + ':' + jcs(v[k])).join(',') + '}';

// 1. The chain: seq 1..n, each linked to the one before, each hash over its own contents.
const events = JSON.parse(read('events.json'));
let prev = '0'.repeat(64);
events.forEach((e, i) => {
  if (e.seq !== i + 1) fail('event ' + (i + 1) + ' is missing (found seq ' + e.seq + ')');
  if (e.prevHash !== prev) fail('seq ' + e.seq + ': prevHash does not link to seq ' + (e.seq - 1));
  const { hash, ...hashed } = e;
  if (hex(sha256(Buffer.from(jcs(hashed), 'utf8'))) !== hash) fail('seq ' + e.seq + ' (' + e.type + '): its contents do not match its hash');
  prev = hash;
});
console.log('chain: ' + events.length + ' events, linked, every hash matches');

// 2. The evidence files against the hashes the chain recorded.
const manifest = JSON.parse(read('manifest.json'));
for (const f of manifest.files) {
  const actual = hex(sha256(read(f.path)));
  if (actual !== f.sha256) fail(f.path + ' hashes to ' + actual + ', recorded ' + f.sha256);
  const recorded = events.find((e) => e.seq === f.seq);
  if (!recorded || !JSON.stringify(recorded.data).includes(f.sha256)) fail(f.path + ': seq ' + f.seq + ' of the chain does not record ' + f.sha256);
}
console.log('evidence: ' + manifest.files.length + ' files match the hashes in the chain');

// 3. The checkpoint's signature (C2SP signed note, Ed25519), with a key you got from the operator.
const note = read('checkpoint.txt').toString('utf8');
const body = note.slice(0, note.indexOf('\n\n') + 1);
const [origin, size, root64] = body.split('\n');
const vkey = (process.argv[3] ?? read('verifier-key.txt').toString('utf8')).trim();
// name+hash+key: the base64 key may hold '+' itself.
const [name, keyHash, ...rest] = vkey.split('+');
const key64 = rest.join('+');
if (name !== origin) fail('the verifier key is for ' + name + ', the checkpoint is by ' + origin);
const keyBytes = Buffer.from(key64, 'base64').subarray(1);
const sigLine = note.split('\n').find((l) => l.startsWith('\u2014 ' + origin + ' '));
if (!sigLine) fail('the checkpoint carries no signature by ' + origin);
const sig = Buffer.from(sigLine.split(' ')[2], 'base64');
if (hex(sig.subarray(0, 4)) !== keyHash) fail('the checkpoint was signed with another key');
const publicKey = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: keyBytes.toString('base64url') }, format: 'jwk' });
if (!verify(null, Buffer.from(body, 'utf8'), publicKey, sig.subarray(4))) fail('the checkpoint signature does not verify');
console.log('checkpoint: signed by ' + origin + ', tree of ' + size);

// 4. RFC 9162 inclusion of this chain's head in the signed tree.
const proof = JSON.parse(read('inclusion-proof.json'));
const head = events.find((e) => e.seq === proof.leaf.seq);
if (!head || head.hash !== proof.leaf.hash) fail('the checkpointed head (seq ' + proof.leaf.seq + ') is not the chain\'s');
const leaf = sha256(Buffer.concat([Buffer.from([0]), Buffer.from(proof.leaf.customerId + ':' + proof.leaf.seq + ':' + proof.leaf.hash, 'utf8')]));
const node = (l, r) => sha256(Buffer.concat([Buffer.from([1]), l, r]));
const split = (n) => { let k = 1; while (k * 2 < n) k *= 2; return k; };
const rootOf = (m, n, hashes) => {
  if (n === 1) return leaf;
  const sibling = Buffer.from(hashes.at(-1), 'hex');
  const k = split(n);
  return m < k ? node(rootOf(m, k, hashes.slice(0, -1)), sibling) : node(sibling, rootOf(m - k, n - k, hashes.slice(0, -1)));
};
if (Number(size) !== proof.treeSize) fail('the proof is for a tree of ' + proof.treeSize + ', the checkpoint signs ' + size);
if (rootOf(proof.leafIndex, proof.treeSize, proof.path).toString('base64') !== root64) fail('the inclusion proof does not lead to the signed root');
console.log('inclusion: seq ' + proof.leaf.seq + ' of this chain is leaf ' + proof.leafIndex + ' of the signed tree');
console.log('OK');
`;

export function verifyInstructions(input: { origin: string; verifierKey: string; checkpointNumber: number }): string {
  return `# Verifying this evidence pack

Everything here can be checked without the service and without trusting it, with Node.js 18 or later:

    node verify-pack.mjs . '<verifier key>'

\`verify-pack.mjs\` is short and has no dependencies: read it first. It checks, and stops at the first failure:

1. **The chain** (\`events.json\`): the customer's audit events, seq 1, 2, 3 … without gaps; each
   event's \`prevHash\` is the \`hash\` of the one before (seq 1: 64 zeros); each \`hash\` is the
   SHA-256 of the RFC 8785 (JCS) encoding of the event without its \`hash\` field.
2. **The evidence** (\`evidence/\`, listed in \`manifest.json\`): each file's SHA-256 equals the one
   recorded in the chain event named there (\`evidence.stored\`, \`reply.received\`, \`consent.recorded\`).
3. **The checkpoint** (\`checkpoint.txt\`, number ${input.checkpointNumber}): a C2SP signed note
   (tlog-checkpoint body: origin, tree size, base64 root, then \`number\` and \`time\` lines),
   signed with Ed25519. Check it with the operator's verifier key, obtained from the operator
   through a channel of your own (not from this pack: \`verifier-key.txt\` is a copy, for convenience):

       ${input.verifierKey}

4. **The inclusion proof** (\`inclusion-proof.json\`): the chain's head at the checkpoint
   (\`<customerId>:<seq>:<hash>\`, leaf hash SHA-256(0x00 || data)) is leaf \`leafIndex\` of the
   RFC 9162 Merkle tree whose root the checkpoint signs (node hash SHA-256(0x01 || left || right)).

What this proves: the events and evidence were in the operator's store, unchanged, when
checkpoint ${input.checkpointNumber} was signed (its \`time\`). Stronger still when you (or
anyone) kept an earlier copy of a checkpoint: the operator cannot sign two different histories
without the copies disagreeing. What it does not prove: that the facts were true when they
were recorded. The service records what it saw (the reply's authentication verdict, the
DocuSign envelope's status); \`certificate.pdf\` says how the consent was given.
`;
}
