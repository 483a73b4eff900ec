/**
 * Strings the DocuSign envelope places its tabs at: drawn once each, in white, on the
 * acceptance page. Anchor tabs match every occurrence in every document of the envelope.
 */
export const ACCEPTANCE_ANCHORS = { signHere: '/mca-sign/', dateSigned: '/mca-date/', fullName: '/mca-name/' } as const;

const escapeRegExp = (s: string): string => s.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');

// Case-insensitive although our anchors are lower case: DocuSign may match either way.
const ANCHOR_PATTERN = new RegExp(Object.values(ACCEPTANCE_ANCHORS).map(escapeRegExp).join('|'), 'gi');

/**
 * A company or person named "/mca-sign/" would get a second signature tab wherever the name
 * is printed (placed by us, signed by them, meaning nothing). Neutralised like any character
 * the form cannot show: its slashes become "?".
 */
export function defuseAnchors(text: string): string {
  return text.replace(ANCHOR_PATTERN, (match) => match.replace(/\//g, '?'));
}
