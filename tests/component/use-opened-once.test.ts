import { describe, expect, it } from 'vitest'
import { effectScope, ref } from 'vue'
import { useOpenedOnce } from '../../renderer/src/composables/use-opened-once'

describe('useOpenedOnce', () => {
  it('turns true the moment the source opens (no tick in between) and stays true when it closes', () => {
    const open = ref(false)
    const scope = effectScope()
    const opened = scope.run(() => useOpenedOnce(() => open.value))!
    expect(opened.value).toBe(false)
    open.value = true
    expect(opened.value).toBe(true) // synchronous: the dialog mounts in the render that opens it
    open.value = false
    expect(opened.value).toBe(true)
    scope.stop()
  })

  it('is true at once for a source that is already open', () => {
    const scope = effectScope()
    expect(scope.run(() => useOpenedOnce(() => true))!.value).toBe(true)
    scope.stop()
  })
})
