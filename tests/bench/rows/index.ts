// The bench rows, in the order they run. A new figure (Chinese search at 100k, spreadsheet
// import, minutes .docx export, …) is a module exporting a BenchRow, added to this list.
import type { BenchRow } from '../harness'
import { dashboardRow } from './dashboard'
import { editRow } from './edit'
import { jsonFloorRow } from './json-floor'
import { firstOpenRow, openRow } from './open'
import { rendererRow } from './renderer'
import { importRow } from './import'
import { searchRow } from './search'
import { minutesRow } from './minutes'
import { ledgerRow } from './ledger'
import { ratesRow } from './rates'
import { streetOpenRow, streetRow } from './street'

export const ROWS: BenchRow[] = [openRow, dashboardRow, editRow, jsonFloorRow, firstOpenRow, rendererRow, importRow, searchRow, minutesRow, ledgerRow, ratesRow, streetRow, streetOpenRow]
