// The part of better-sqlite3's API the bench uses (@types/better-sqlite3 is not a dependency).
declare module 'better-sqlite3' {
  namespace Database {
    interface Statement {
      run(...params: unknown[]): { changes: number; lastInsertRowid: number | bigint }
      get(...params: unknown[]): unknown
      all(...params: unknown[]): unknown[]
    }
    interface Database {
      prepare(sql: string): Statement
      exec(sql: string): this
      pragma(source: string, options?: { simple?: boolean }): unknown
      transaction<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R
      close(): this
    }
  }
  interface DatabaseConstructor {
    new (filename: string, options?: { readonly?: boolean; fileMustExist?: boolean }): Database.Database
  }
  const Database: DatabaseConstructor
  export = Database
}
