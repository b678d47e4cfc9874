import { defineStore } from 'pinia'
import { watch } from 'vue'
import { api } from '@/api/client'
import { useResource } from '@/common/useResource'
import type { PhoneRevealResponse } from '#contract/customer.ts'
import { useSidebarStore } from './sidebar'

/** The sidebar customer's full phone number, once the staff member asked for it. */
export const usePhoneRevealStore = defineStore('phone-reveal', () => {
  const sidebar = useSidebarStore()
  const phone = useResource<string>()

  // Every load of the sidebar (another customer, or the same one again) hides the number.
  watch(() => (sidebar.status === 'loading' ? null : sidebar.data), () => phone.clear())

  /**
   * Reveal the full phone number. The BFF logs every reveal; call only after the staff member
   * confirmed. Throws the ApiError when it failed (the caller tells the user).
   * @returns the number, or null when the sidebar moved on meanwhile
   */
  async function reveal(): Promise<string | null> {
    const path = sidebar.customerPath('phone-reveal')
    const ok = await phone.run(async () => (await api.post<PhoneRevealResponse>(path)).phone)
    if (!ok && phone.error.value)
      throw phone.error.value
    return ok ? phone.data.value : null
  }

  return { revealedPhone: phone.data, status: phone.status, reveal }
})
