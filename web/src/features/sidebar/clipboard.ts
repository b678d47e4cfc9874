/**
 * Copies text: the async Clipboard API where allowed; older WeCom webviews need the
 * execCommand way. Throws when neither works (tell the user to long-press and copy).
 */
export async function copyText(text: string): Promise<void> {
  if (navigator.clipboard?.writeText) {
    try {
      await navigator.clipboard.writeText(text)
      return
    }
    catch (err) {
      console.warn('[clipboard] clipboard API refused, falling back', err)
    }
  }
  const area = document.createElement('textarea')
  area.value = text
  area.setAttribute('readonly', '')
  area.style.position = 'fixed'
  area.style.opacity = '0'
  document.body.appendChild(area)
  area.select()
  const ok = document.execCommand('copy')
  area.remove()
  if (!ok)
    throw new Error('execCommand copy failed')
}
