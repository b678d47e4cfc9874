/**
 * A task's content as the sendChatMessage calls that deliver it: the words first, then the
 * link card, then the mini-program card (the order the customer reads them in).
 */
import type { TaskContent } from '#contract/tasks.ts'
import type { MiniprogramMessage, NewsMessage } from '@/wecom/send'

export type SendStep
  = | { kind: 'text', content: string }
    | { kind: 'news', news: NewsMessage }
    | { kind: 'miniprogram', miniprogram: MiniprogramMessage }

/**
 * sendChatMessage can send an image only as an uploaded media id, so a step's image is used as
 * the cover of a card without one; otherwise it cannot go out from the sidebar.
 */
export function imageIsCover(content: TaskContent): boolean {
  return Boolean(content.image && ((content.link && !content.link.imgUrl) || (content.miniprogram && !content.miniprogram.imgUrl)))
}

export function buildSendPlan(content: TaskContent): SendStep[] {
  const steps: SendStep[] = []
  const text = content.text.trim()
  if (text)
    steps.push({ kind: 'text', content: text })
  if (content.link) {
    const { title, url, desc, imgUrl } = content.link
    steps.push({ kind: 'news', news: { title, desc: desc ?? '', link: url, imgUrl: imgUrl ?? content.image ?? '' } })
  }
  if (content.miniprogram) {
    const { title, appid, page, imgUrl } = content.miniprogram
    steps.push({ kind: 'miniprogram', miniprogram: { appid, title, page, imgUrl: imgUrl ?? content.image ?? '' } })
  }
  return steps
}

/** What staff paste by hand for a group or moments task: the words, and the link if any. */
export function copyableText(content: TaskContent): string {
  return [content.text.trim(), content.link?.url].filter(Boolean).join('\n')
}
