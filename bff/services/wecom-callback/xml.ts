/**
 * The flat XML WeCom sends (`<xml><Tag><![CDATA[v]]></Tag>…</xml>`): one level, text values.
 * Anything nested or repeated is not needed for the events we handle.
 */
const FIELD = /<([A-Za-z][\w]*)>(?:<!\[CDATA\[([\s\S]*?)\]\]>|([^<]*))<\/\1>/g

export function parseFlatXml(xml: string): Record<string, string> {
  const fields: Record<string, string> = {}
  for (const m of xml.matchAll(FIELD)) {
    if (!(m[1]! in fields))
      fields[m[1]!] = m[2] ?? decodeEntities(m[3] ?? '')
  }
  return fields
}

function decodeEntities(s: string): string {
  return s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, '\'').replace(/&amp;/g, '&')
}
