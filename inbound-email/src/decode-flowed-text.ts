/**
 * RFC 3676 format=flowed decoding that respects quote depth.
 *
 * postal-mime 4.0.0 joins a soft-broken line with the next one whatever its quote depth, so
 * Thunderbird's "> Hi \nHello" becomes the quoted line "> Hi Hello" and the reply disappears;
 * worse, a reply line "Ja " followed by a quoted "> Jeg godtar" would turn into one unquoted
 * line. §4.5 says a change of quote depth ends the paragraph, which is what this does.
 */
export function decodeFlowedText(text: string, delSp: boolean): string {
  const out: string[] = [];
  let paragraph: { depth: number; text: string } | undefined;
  const finish = () => {
    if (paragraph) out.push(render(paragraph.depth, paragraph.text));
    paragraph = undefined;
  };

  for (const raw of text.replace(/\r\n?/g, '\n').split('\n')) {
    const depth = /^>*/.exec(raw)?.[0].length ?? 0;
    let line = raw.slice(depth);
    if (line.startsWith(' ')) line = line.slice(1); // space-stuffing (§4.4)
    if (paragraph && paragraph.depth !== depth) finish();

    const isSignatureSeparator = line === '-- ';
    const soft = line.endsWith(' ') && !isSignatureSeparator;
    const piece = soft && delSp ? line.slice(0, -1) : line;
    paragraph = paragraph ? { depth, text: paragraph.text + piece } : { depth, text: piece };
    if (!soft) finish();
  }
  finish();
  return out.join('\n');
}

function render(depth: number, text: string): string {
  return depth === 0 ? text : `${'>'.repeat(depth)} ${text}`;
}
