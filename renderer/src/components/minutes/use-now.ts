import { onBeforeUnmount, onMounted, ref } from 'vue'

/** The time, ticking once a second while the component is mounted (timers count from it). */
export function useNow(intervalMs = 1000) {
  const now = ref(new Date())
  let timer: ReturnType<typeof setInterval> | null = null
  onMounted(() => {
    timer = setInterval(() => (now.value = new Date()), intervalMs)
  })
  onBeforeUnmount(() => {
    if (timer) clearInterval(timer)
  })
  return now
}
