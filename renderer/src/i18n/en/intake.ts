import type zh from '../zh-CN/intake'

const en: typeof zh = {
  intake: {
    similarTitle: 'Possible duplicates',
    similarHint: 'Open demands of the same community received recently with similar text, compound or phone; recording is not blocked, look first and decide',
    similarFound: '{n} possible duplicates found, listed below the form',
    open: 'View',
    openLabel: 'View demand {text}',
    savedTitle: 'The demand just recorded, {caseNo}, may duplicate these',
    savedHint: 'Merge it with one of them under one topic (both keep their resident and source; can be undone), or assess it under Confirm topics',
    mergeInto: 'Merge with this',
    mergeIntoTopic: 'Add to topic "{title}"',
    mergeConfirm: 'Merge {caseNo}, just recorded, with "{text}" under one topic? Both keep their resident and source; the merge can be undone.',
    mergeTitle: 'Merge duplicate demands',
    merged: 'Merged into topic "{title}"',
    toTriage: 'Go to triage',
    dismiss: 'Do not merge',
  },
}

export default en
