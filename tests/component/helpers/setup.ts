import { afterAll } from 'vitest'
import { ElMessage } from 'element-plus'

// Component tests talk to the real backend in-process (real-client.ts). A store that calls or
// subscribes before a test sets its client (or after the test cleared it) falls back to the HTTP
// transport, whose fetch/EventSource would dial happy-dom's 127.0.0.1:3000 and print ECONNREFUSED
// noise; here the stream never connects and fetch fails at once, as it would with no host.
class SilentEventSource {
  readonly readyState = 0
  onopen: ((ev: Event) => unknown) | null = null
  onerror: ((ev: Event) => unknown) | null = null
  onmessage: ((ev: MessageEvent) => unknown) | null = null
  addEventListener(): void {}
  removeEventListener(): void {}
  close(): void {}
}

globalThis.EventSource = SilentEventSource as unknown as typeof EventSource

globalThis.fetch = (() => Promise.reject(new TypeError('组件测试中没有网络：请先 setClient()'))) as typeof fetch

// A message (ElMessage) closes itself 3 s after it opened, with a leave transition that asks for
// animation frames. When a file's last test showed one, that could happen after the file's
// environment was torn down ("requestAnimationFrame is not defined", an unhandled rejection that
// fails the run). Closed while the environment still exists, the transition ends with it.
afterAll(() => ElMessage.closeAll())
