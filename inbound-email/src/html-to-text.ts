/**
 * HTML body -> plain text for replies that come without a text/plain part.
 *
 * postal-mime leaves `text` undefined for HTML-only mail and does not export its own converter,
 * so this small one exists. It differs on purpose in one way: <blockquote> content comes out as
 * `> ` lines, so the reply extractor can tell quoted text from a bottom-posted reply the same way
 * it does for plain-text mail. <hr> becomes an underscore line, which the extractor treats as the
 * start of a quoted original (Outlook on the web puts an <hr> before its "From:" block).
 */

const NAMED_ENTITIES: Readonly<Record<string, string>> = {
  amp: '&',
  lt: '<',
  gt: '>',
  quot: '"',
  apos: "'",
  nbsp: ' ',
  shy: '',
  laquo: '«',
  raquo: '»',
  ldquo: '“',
  rdquo: '”',
  bdquo: '„',
  lsquo: '‘',
  rsquo: '’',
  sbquo: '‚',
  ndash: '–',
  mdash: '—',
  hellip: '…',
  bull: '•',
  middot: '·',
  copy: '©',
  reg: '®',
  trade: '™',
  aring: 'å',
  Aring: 'Å',
  aelig: 'æ',
  AElig: 'Æ',
  oslash: 'ø',
  Oslash: 'Ø',
  auml: 'ä',
  Auml: 'Ä',
  ouml: 'ö',
  Ouml: 'Ö',
  uuml: 'ü',
  Uuml: 'Ü',
  szlig: 'ß',
  eacute: 'é',
  Eacute: 'É',
  egrave: 'è',
  ecirc: 'ê',
  aacute: 'á',
  agrave: 'à',
  oacute: 'ó',
  iacute: 'í',
  euml: 'ë',
  iuml: 'ï',
  ccedil: 'ç',
  ntilde: 'ñ',
  euro: '€',
};

const BLOCK_TAGS = new Set([
  'p',
  'div',
  'br',
  'tr',
  'li',
  'ul',
  'ol',
  'table',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'pre',
  'address',
  'section',
  'article',
  'header',
  'footer',
  'dl',
  'dt',
  'dd',
]);

export function decodeHtmlEntities(text: string): string {
  return text.replace(/&(#x[0-9a-f]+|#[0-9]+|[a-z][a-z0-9]*);/gi, (whole, body: string) => {
    if (body.startsWith('#')) {
      const code = body[1] === 'x' || body[1] === 'X' ? parseInt(body.slice(2), 16) : parseInt(body.slice(1), 10);
      return Number.isFinite(code) && code > 0 && code <= 0x10ffff ? String.fromCodePoint(code) : whole;
    }
    return NAMED_ENTITIES[body] ?? whole;
  });
}

export function htmlToText(html: string): string {
  const cleaned = dropInvisible(html);

  const lines: string[] = [];
  let depth = 0;
  let current = '';
  const flush = (): void => {
    const body = current.replace(/[ \t\u00a0]+/g, ' ').trim();
    lines.push(depth > 0 ? `${'> '.repeat(depth)}${body}`.trimEnd() : body);
    current = '';
  };

  // Bounded attribute run: a "<a" without ">" must not make every later "<" rescan the rest.
  // The name is taken whole (the lookahead), so a long "<a-a-a-..." is not retried at every "-".
  const tagPattern = /<(\/?)([a-z][a-z0-9:-]*)(?![a-z0-9:-])[^<>]{0,4000}>/gi;
  let last = 0;
  for (let match = tagPattern.exec(cleaned); match; match = tagPattern.exec(cleaned)) {
    current += decodeHtmlEntities(cleaned.slice(last, match.index).replace(/\s+/g, ' '));
    last = tagPattern.lastIndex;
    const closing = match[1] === '/';
    const tag = (match[2] ?? '').toLowerCase();
    if (tag === 'blockquote') {
      if (current.trim() !== '') flush();
      depth = closing ? Math.max(0, depth - 1) : depth + 1;
    } else if (tag === 'hr') {
      flush();
      lines.push('________________________________');
    } else if (BLOCK_TAGS.has(tag)) {
      // Outlook wraps each paragraph in <p class=MsoNormal>; only the boundary matters.
      if (tag === 'br' || current.trim() !== '') flush();
    } else if (tag === 'td' || tag === 'th') {
      current += ' ';
    }
  }
  current += decodeHtmlEntities(cleaned.slice(last).replace(/\s+/g, ' '));
  flush();

  return lines
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .trim();
}

const INVISIBLE = /<!--|<(head|style|script|title|xml)\b/;

/**
 * Removes comments and elements whose content is not text (style sheets, Office XML). Written
 * with indexOf rather than a lazy regex, which would rescan to the end of the input for every
 * unclosed "<style" and make a hostile message quadratic.
 */
function dropInvisible(html: string): string {
  const opener = new RegExp(INVISIBLE.source, 'gi');
  let out = '';
  let from = 0;
  for (let open = opener.exec(html); open; open = opener.exec(html)) {
    const closer = open[1] ? new RegExp(`</${open[1]}\\s*>`, 'gi') : /-->/g;
    closer.lastIndex = opener.lastIndex;
    const close = closer.exec(html);
    out += `${html.slice(from, open.index)} `;
    if (!close) return out;
    from = closer.lastIndex;
    opener.lastIndex = from;
  }
  return out + html.slice(from);
}
