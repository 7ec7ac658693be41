import type zh from '../zh-CN/privacy'

const en: typeof zh = {
  privacy: {
    unmask: 'Show full details',
    unmaskHint: "Showing a resident's full name, phone and address is recorded in the audit log",
    unmasked: 'Full details shown (recorded in the audit log)',
    keyBasicText: "Weak protection of personal data: no system keyring is available (basic_text). Residents' names, phones and addresses are encrypted, but the key is not protected by the operating system. Use a desktop with a keyring or ask your IT contact.",
    keyNone: 'Personal data is not protected: the data key cannot be protected by the operating system and is stored in the clear beside the data folder. Do not enter real residents here.',
    auditBroken: 'The audit log has been tampered with: verification fails from entry {seq}',
  },
}

export default en
