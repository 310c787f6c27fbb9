/**
 * Just enough XML for the answers of S3 and SNS: the text of named elements, in order. Their
 * answers are flat, machine-written documents; no attributes, CDATA or nesting by the same name
 * are read.
 */
const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };
export const xmlText = (s: string) =>
  s.replace(/&(#x[0-9a-f]+|#\d+|[a-z]+);/gi, (m, e: string) =>
    e[0] === '#' ? String.fromCodePoint(e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10)) : (ENTITIES[e] ?? m),
  );

// CR and LF as character references: an XML parser turns a raw CR (or CRLF) into LF, so a key
// holding one would name a different object.
const ESCAPES: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;', '\r': '&#13;', '\n': '&#10;' };
export const xmlEscape = (s: string) => s.replace(/[&<>"'\r\n]/g, (c) => ESCAPES[c]!);

/** The raw contents of every `<name>…</name>` (or none for `<name/>`), in document order. */
export function xmlElements(xml: string, name: string): string[] {
  const out: string[] = [];
  const re = new RegExp(`<${name}(?:\\s[^>]*)?(?:/>|>([\\s\\S]*?)</${name}>)`, 'g');
  for (let m = re.exec(xml); m; m = re.exec(xml)) out.push(m[1] ?? '');
  return out;
}

/** The decoded text of the first `<name>` element, if any. */
export function xmlValue(xml: string, name: string): string | undefined {
  const [first] = xmlElements(xml, name);
  return first === undefined ? undefined : xmlText(first);
}

export const readXmlError = (body: string) => ({ code: xmlValue(body, 'Code') ?? '', message: xmlValue(body, 'Message') ?? '' });
