// Every audit action the services write has a label on the audit screen, in both languages
// (otherwise the table shows the raw code, e.g. "task.escalate").
import { readdirSync, readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import en from '../../renderer/src/i18n/en/audit'
import zh from '../../renderer/src/i18n/zh-CN/audit'

const SERVICES = join(__dirname, '../../electron/services')

function writtenActions(): string[] {
  const found = new Set<string>()
  for (const file of readdirSync(SERVICES).filter((f) => f.endsWith('.ts'))) {
    const text = readFileSync(join(SERVICES, file), 'utf8')
    for (const m of text.matchAll(/action: (?:[^'\n]*\? )?'([a-z]+\.[A-Za-z]+)'(?: : '([a-z]+\.[A-Za-z]+)')?/g)) {
      found.add(m[1])
      if (m[2]) found.add(m[2])
    }
  }
  return [...found].sort()
}

const label = (messages: { audit: { actions: Record<string, Record<string, string>> } }, action: string) => {
  const [area, verb] = action.split('.')
  return messages.audit.actions[area]?.[verb]
}

describe('audit action labels', () => {
  it('finds the actions the services write (the scan works)', () => {
    const actions = writtenActions()
    expect(actions).toEqual(expect.arrayContaining(['demand.close', 'people.create', 'people.update', 'task.escalate', 'topic.merge']))
  })

  it.each(['zh-CN', 'en'] as const)('every written action has a %s label', (lang) => {
    const messages = (lang === 'zh-CN' ? zh : en) as unknown as { audit: { actions: Record<string, Record<string, string>> } }
    expect(writtenActions().filter((a) => !label(messages, a))).toEqual([])
  })
})
