// The six steps of the deliberation method, in order; the nav and the router both read this.
export const STEPS = ['collect', 'confirm', 'meet', 'plan', 'implement', 'evaluate'] as const
export type StepCode = (typeof STEPS)[number]

export function stepNumber(code: StepCode): number {
  return STEPS.indexOf(code) + 1
}
