import type zh from '../zh-CN/street'

const en: typeof zh = {
  street: {
    title: 'Street settings',
    hint: "The street office's name is shown at the top of every page; the time zone decides which month a demand is counted in and the year of its case number; the deadlines are the defaults per meeting level (working days). Only administrators can change them.",
    name: 'Street name',
    namePlaceholder: 'e.g. Majiadian Street; empty shows "Yishi Desk"',
    timeZone: 'Time zone',
    timeZoneHint: 'Months and days of demands follow this zone; demands already recorded stay in their month when it changes.',
    deadlines: 'Default deadlines (working days)',
    compound: 'Compound meeting',
    community: 'Community joint meeting',
    street: 'Street joint meeting',
    days: 'working days',
    save: 'Save',
    reset: 'Reset',
    saved: 'Street settings saved',
    conflict: 'The street settings were changed elsewhere (perhaps in another window).',
    readOnly: 'Only administrators can change the street settings',
  },
}

export default en
