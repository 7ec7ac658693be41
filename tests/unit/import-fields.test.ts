// The import checks each row with the form's schema field by field, with shortcuts for the values
// rows carry most (electron/services/import-rows.ts): the result must be exactly the whole
// demandCreateInput parse — the same data (keys in the same order) and the same issues in order.
import { describe, expect, it } from 'vitest'
import { demandCreateInput } from '../../shared/contract/demand'
import { DEMAND_CATEGORIES, DEMAND_CHANNELS } from '../../shared/domain/vocab'
import { FIELDWISE_PARSE, parseDemandFields, shortcutOf } from '../../electron/services/import-rows'
import { mulberry32 } from '../../electron/services/sample-street'

const BASE: Record<string, unknown> = {
  communityId: 'mjd-qikouyan',
  compoundId: 'mjd-qikouyan-c1',
  channel: 'hotline',
  category: 'parking',
  reporterName: '王芳',
  reporterPhone: '13888886666',
  reporterAddress: '3栋2单元301',
  receivedAt: '2025-03-05T09:30:00+08:00',
  description: '楼道灯不亮',
}

const TEXTS = ['王芳', ' 王芳', '王芳 ', '\u3000王芳', '', ' ', '\t', 'x', '=1+1', '😀'.repeat(10), '😀'.repeat(11)]
const lengths = (n: number) => ['字'.repeat(n - 1), '字'.repeat(n), '字'.repeat(n + 1), ` ${'字'.repeat(n)} `]
const VALUES: Record<string, unknown[]> = {
  communityId: ['c1', '', ' ', 'x'.repeat(64), 'x'.repeat(65), 12, null],
  compoundId: ['c1', '', 'x'.repeat(64), 'x'.repeat(65), undefined],
  channel: [...DEMAND_CHANNELS, 'fax', '', 'Hotline', ' hotline', 1],
  category: [...DEMAND_CATEGORIES, 'weather', '', null],
  reporterName: [...TEXTS, ...lengths(20), 5],
  reporterPhone: [
    '13888886666', '138 8888 6666', '138-8888-6666', '138 8888-6666', '138  8888  6666', '138\t8888\t6666',
    '+86 138 8888 6666', '0086-13888886666', '1388888666', '138888866661', '23888886666', '１３８８８８８６６６６',
    ' 13888886666', '13888886666 ', '027-84567890', '0717-4214580', '(0717)4214580转123', '', 'abc', 13888886666, undefined,
  ],
  reporterAddress: [...TEXTS, ...lengths(100), undefined],
  receivedAt: [
    '2025-03-05T09:30:00+08:00', '2025-03-05T09:30:00Z', '2025-03-05T09:30:00-05:00', '1999-12-31T16:00:00Z',
    '1999-12-31T15:59:59Z', '2000-01-01T00:00:00+08:00', '1999-12-31T23:59:59+08:00', '2025-02-30T00:00:00+08:00',
    '2025-02-31T00:00:00+08:00', '2025-13-01T00:00:00+08:00', '2025-00-10T00:00:00+08:00', '2025-03-32T00:00:00+08:00',
    '2025-03-05T24:00:00+08:00', '2025-03-05T09:60:00+08:00', '2025-03-05T09:30:60+08:00', '2025-03-05T09:30+08:00',
    '2025-03-05T09:30:00', '2025-03-05T09:30', '2025-03-05 09:30:00+08:00', '2025-03-05T09:30:00.123+08:00',
    '2025-03-05T09:30:00+0800', '2025-03-05T09:30:00+08', '2025-3-5T09:30:00+08:00', '', 45721, null,
    '2025-10-05T09:30:00+08:00', '2025-12-31T23:59:59+08:00', '2025-03-05T09:30:00z', '2025-03-05T09:30:00+08:00 ',
    '2025-03-05t09:30:00+08:00', '2025/03/05T09:30:00+08:00', '2025-03-05T09:30:00+08:0a', '2025-03-05T09:30:00*08:00',
    '2025-03-05T09:30:00ZZ', '२०२५-03-05T09:30:00+08:00',
  ],
  description: [...TEXTS, ...lengths(1000)],
  householdUnit: ['3栋1单元联户', '', ' ', ...lengths(30), undefined],
  householdLeader: ['张建国', ...lengths(30)],
}

function reference(candidate: Record<string, unknown>) {
  const r = demandCreateInput.safeParse(candidate)
  return r.success
    ? { ok: true as const, data: r.data, keys: Object.keys(r.data) }
    : { ok: false as const, issues: r.error.issues.map((i) => ({ key: String(i.path[0] ?? ''), message: i.message })) }
}

function expectSame(candidate: Record<string, unknown>) {
  const ours = parseDemandFields(candidate)
  const ref = reference(candidate)
  const label = JSON.stringify(candidate)
  expect(ours.ok, label).toBe(ref.ok)
  if (ours.ok && ref.ok) {
    expect(ours.data, label).toStrictEqual(ref.data)
    expect(Object.keys(ours.data), label).toEqual(ref.keys)
  } else if (!ours.ok && !ref.ok) expect(ours.issues, label).toEqual(ref.issues)
}

describe('import: the demand schema field by field', () => {
  it('applies field by field (the object adds no rule of its own)', () => {
    expect(FIELDWISE_PARSE).toBe(true)
  })

  it('has a shortcut for every field, so no row pays a zod parse when its values are plain', () => {
    // a schema change that the shortcuts cannot read leaves that field to zod (still correct,
    // only slower): this says so
    for (const key of Object.keys(demandCreateInput.shape)) {
      const sample = key === 'householdUnit' || key === 'householdLeader' ? '3栋' : BASE[key]
      expect(shortcutOf(key, sample), key).toBeDefined()
    }
  })

  it('gives the whole parse\'s data and issues, one field changed or left out at a time', () => {
    expectSame(BASE)
    for (const [key, values] of Object.entries(VALUES)) {
      for (const v of values) expectSame({ ...BASE, [key]: v })
      const without = { ...BASE }
      delete without[key]
      expectSame(without)
    }
  })

  it('gives the whole parse\'s data and issues for random mixes of good and bad values', () => {
    const random = mulberry32(9)
    const keys = Object.keys(VALUES)
    for (let i = 0; i < 3000; i++) {
      const c: Record<string, unknown> = {}
      for (const key of keys) {
        const r = random()
        if (r < 0.15) continue
        if (r < 0.5 && key in BASE) c[key] = BASE[key]
        else c[key] = VALUES[key][Math.floor(random() * VALUES[key].length)]
      }
      expectSame(c)
    }
  })

  it('leaves an unknown key to the whole parse (strict object)', () => {
    expectSame({ ...BASE, extra: 1 })
    expect(parseDemandFields({ ...BASE, extra: 1 }).ok).toBe(false)
  })

  it('shortcuts only ever accept what the field\'s schema accepts, with its result', () => {
    const shape = demandCreateInput.shape as Record<string, { safeParse(v: unknown): { success: boolean; data?: unknown } }>
    for (const [key, values] of Object.entries(VALUES)) {
      for (const v of values) {
        const short = shortcutOf(key, v)
        if (!short) continue
        const r = shape[key].safeParse(v)
        expect(r.success, `${key} ${JSON.stringify(v)}`).toBe(true)
        expect(short.data, `${key} ${JSON.stringify(v)}`).toStrictEqual(r.data)
      }
    }
  })
})
