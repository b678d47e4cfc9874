import { describe, expect, it } from 'vitest'
import { parseFlatXml } from './xml.ts'

describe('parseFlatXml', () => {
  it('should read CDATA as sent and decode entities in plain text', () => {
    const xml = '<xml>\n<ToUserName><![CDATA[ww1 &amp; <b>]]></ToUserName>\n<CreateTime>1409659813</CreateTime><Name>a &amp; b &lt;c&gt;</Name><Code>0012</Code><Empty></Empty></xml>'
    expect(parseFlatXml(xml)).toEqual({ ToUserName: 'ww1 &amp; <b>', CreateTime: '1409659813', Name: 'a & b <c>', Code: '0012', Empty: '' })
  })

  it('should keep the first of a repeated tag and skip nested elements', () => {
    expect(parseFlatXml('<xml><A>1</A><A>2</A><Ext><Item>x</Item></Ext><B>b</B></xml>')).toEqual({ A: '1', B: 'b' })
  })

  it('should answer {} for a body that is not XML, and not expand DOCTYPE entities', () => {
    expect(parseFlatXml('not xml')).toEqual({})
    expect(parseFlatXml('')).toEqual({})
    const bomb = '<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]><xml><A>&b;&b;</A></xml>'
    expect(parseFlatXml(bomb).A?.length ?? 0).toBeLessThan(100)
  })

  it('should refuse or read hostile 64 KB bodies quickly, four times the route\'s body cap', () => {
    const hostile = [
      '<a><![CDATA['.repeat(64 * 1024 / 12),
      `<xml>${'<a>'.repeat(64 * 1024 / 3)}`,
      `<xml>${'<a>1</a>'.repeat(64 * 1024 / 8)}</xml>`,
      `<xml><Encrypt>${'<!--'.repeat(64 * 1024 / 4)}`,
    ]
    for (const body of hostile) {
      const started = performance.now()
      parseFlatXml(body)
      expect(performance.now() - started).toBeLessThan(1000)
    }
  })
})
