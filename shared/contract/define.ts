/** Declares a result type without a runtime value (the contract is data + types). */
export const returns = <R>() => undefined as unknown as R
