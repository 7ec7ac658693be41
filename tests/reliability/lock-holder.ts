// Child of lock.test.ts: opens the data folder (taking its lock), prints READY, and holds it
// until stdin closes or a line "close" arrives; then closes cleanly and prints CLOSED.
import { createInterface } from 'node:readline'
import { openDatabase } from '../../electron/data'

const db = await openDatabase({ dataDir: process.argv[2] })
process.stdout.write(`READY ${process.pid}\n`)
const rl = createInterface({ input: process.stdin })
rl.on('line', async (l) => {
  if (l.trim() !== 'close') return
  await db.close()
  process.stdout.write('CLOSED\n')
  process.exit(0)
})
