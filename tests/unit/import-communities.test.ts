// Row checks of the community import: duplicates, a compound under two grids, names too long or
// empty, bad 户数, what already exists is skipped with a note (not an error).
import { describe, expect, it } from 'vitest'
import { checkCommunityRows } from '../../electron/services/import-communities'
import type { Community } from '../../shared/domain/entities'

const headers = ['社区', '网格', '小区', '户数']
const table = (rows: string[][]) => ({ headers, rows: rows.map((cells, i) => ({ row: i + 2, cells })) })
const existing: Community[] = [
  { id: 'c-a', name: '七口堰', revision: 3, grids: [{ id: 'c-a-g-1', name: '一网格' }], compounds: [{ id: 'c-a-p-1', name: '阳光小区', gridId: 'c-a-g-1' }] },
]

describe('checkCommunityRows', () => {
  it('plans new communities, grids and compounds; a community alone is fine', () => {
    const c = checkCommunityRows(table([['新村', '一网格', '甲小区', '800'], ['新村', '一网格', '乙小区', ''], ['新村', '二网格', '', ''], ['孤社区', '', '', '']]), [])
    expect(c.issues).toEqual([])
    expect(c.plan).toEqual([
      { name: '新村', households: 800, grids: ['一网格', '二网格'], compounds: [{ name: '甲小区', grid: '一网格' }, { name: '乙小区', grid: '一网格' }] },
      { name: '孤社区', grids: [], compounds: [] },
    ])
    expect(c.counts).toMatchObject({ newCommunities: 2, newGrids: 2, newCompounds: 2, errors: 0 })
  })

  it('reports what exists as 已存在，跳过 and adds only what is missing', () => {
    const c = checkCommunityRows(table([['七口堰', '一网格', '阳光小区', ''], ['七口堰', '一网格', '新小区', ''], ['七口堰', '二网格', '', '']]), existing)
    expect(c.issues).toEqual([{ row: 2, column: '小区', field: 'compound', level: 'warning', message: '小区“阳光小区”已存在，跳过' }])
    expect(c.plan).toEqual([{ id: 'c-a', revision: 3, name: '七口堰', grids: ['二网格'], compounds: [{ name: '新小区', grid: '一网格' }] }])
    expect(c.counts.errors).toBe(0)
  })

  it('names row, column and reason of bad rows', () => {
    const long = '长'.repeat(21)
    const c = checkCommunityRows(
      table([['', '一网格', '', ''], ['新村', long, '', ''], ['新村', '一网格', '甲小区', ''], ['新村', '二网格', '甲小区', ''], ['新村', '一网格', '甲小区', ''], ['新村', '', '', '十']]),
      [],
    )
    expect(c.issues).toEqual([
      { row: 2, column: '社区', field: 'community', level: 'error', message: '请填写社区名称' },
      { row: 3, column: '网格', field: 'grid', level: 'error', message: '网格名称不能超过 20 个字' },
      { row: 5, column: '小区', field: 'compound', level: 'error', message: '小区“甲小区”在第 4 行属于网格“一网格”，不能同时列在两个网格下' },
      { row: 6, column: '小区', field: 'compound', level: 'error', message: '与文件中前面的行重复' },
      { row: 7, column: '户数', field: 'households', level: 'error', message: '户数须为 0–100000 的整数' },
    ])
    expect(c.counts.errors).toBe(5)
  })

  it('needs a 社区 column', () => {
    const c = checkCommunityRows({ headers: ['名称'], rows: [{ row: 2, cells: ['x'] }] }, [])
    expect(c.issues[0]).toMatchObject({ row: 1, level: 'error', message: expect.stringContaining('社区') })
    expect(c.plan).toEqual([])
  })

  it('reads the columns the user mapped (the import screen), whatever the header says', () => {
    const c = checkCommunityRows(
      { headers: ['所属社区', '片区', '楼盘', '备注'], rows: [{ row: 2, cells: ['新村', '一片', '甲苑', 'x'] }, { row: 3, cells: ['新村', '', '', ''] }] },
      [],
      { community: 0, grid: 1, compound: 2 },
    )
    expect(c.issues).toEqual([])
    expect(c.plan).toEqual([{ name: '新村', grids: ['一片'], compounds: [{ name: '甲苑', grid: '一片' }] }])
    const bad = checkCommunityRows({ headers: ['所属社区', '片区'], rows: [{ row: 2, cells: ['', '一片'] }] }, [], { community: 0, grid: 1 })
    expect(bad.issues).toEqual([{ row: 2, column: '所属社区', field: 'community', level: 'error', message: '请填写社区名称' }])
  })
})
