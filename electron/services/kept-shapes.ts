// V8 gives the objects of one class (the same fields in the same order) one layout, a "hidden
// class", and optimised code checks for it. A layout lives only while some object has it: when
// the last one dies (an import is over) a full collection frees it, and the code that checks for
// it is thrown away — so the next import ran cold again, at about twice the time (BENCH.md
// "Spreadsheet import"). One object of each such class, kept for the life of the process, keeps
// its layout and that code.
const kept: object[] = []

/** Keeps `sample` (and with it its class's layout) for the life of the process. */
export function keepShape<T extends object>(sample: T): T {
  kept.push(sample)
  return sample
}
