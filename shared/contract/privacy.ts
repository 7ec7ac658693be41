// Personal data and audit channels (`privacy:*`, `audit:*`, `demand:unmask`). Joined in index.ts.
export const privacyChannels = {} as const
