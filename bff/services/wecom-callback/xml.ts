import { XMLParser } from 'fast-xml-parser'

/**
 * The flat XML WeCom sends (`<xml><Tag><![CDATA[v]]></Tag>…</xml>`): the root's text children.
 * Anything nested is not needed for the events we handle; of a repeated tag the first counts.
 * CDATA is kept as sent, the five XML entities are decoded, and DOCTYPE entities are not expanded.
 */
const TEXT = '#text'
const parser = new XMLParser({
  textNodeName: TEXT,
  ignoreAttributes: true,
  ignoreDeclaration: true,
  ignorePiTags: true,
  // Every value stays the text WeCom sent ("0012" is not 12).
  parseTagValue: false,
  trimValues: false,
})

/** The root element's text fields; {} for a body that is not XML. */
export function parseFlatXml(xml: string): Record<string, string> {
  let doc: unknown
  try {
    doc = parser.parse(xml)
  }
  catch {
    return {}
  }
  const root = isRecord(doc) ? Object.values(doc).find(isRecord) : undefined
  const fields: Record<string, string> = {}
  for (const [tag, value] of Object.entries(root ?? {})) {
    const first: unknown = Array.isArray(value) ? value[0] : value
    if (tag !== TEXT && typeof first === 'string')
      fields[tag] = first
  }
  return fields
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v)
}
