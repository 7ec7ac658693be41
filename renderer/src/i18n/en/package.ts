import type zh from '../zh-CN/package'

const en: typeof zh = {
  pkg: {
    title: 'Data package',
    intro: "Export the street's data (or chosen communities') as a signed package (.yspkg) and open it read-only on a leader's laptop.",
    export: 'Export package',
    open: 'Open package',
    exportTitle: 'Export data package',
    communities: 'Communities',
    allCommunities: 'All communities (whole street)',
    masked: 'Mask personal data',
    maskedOn: "Reporters' names, phones and addresses and directory phones are masked.",
    maskedOff: 'Full personal data is exported. Keep the package safe.',
    maskedForced: 'Your role cannot export full personal data: the package is always masked.',
    exporting: 'Collecting and signing the data…',
    exportDo: 'Export',
    cancel: 'Cancel',
    exported: 'Package exported: {file}',
    openTitle: 'Open data package (read-only leader mode)',
    openIntro: "Choose a .yspkg package. Every checksum and the maker's signature are verified first; a package that fails is not loaded. It opens read-only in a folder of its own, never merged into this computer's data.",
    choose: 'Choose package file',
    uploading: 'Reading {sent} / {size}',
    verifying: 'Verifying signature and contents…',
    refused: 'Not opened',
    tooLarge: 'The package is larger than 200 MB and cannot be opened',
    empty: 'The file is empty (0 bytes); check the file chosen',
    opened: 'Package opened (read-only)',
    banner: 'Read-only package: made by {who} on {when} (key {fingerprint})',
    bannerScope: '{street}, {communities} communities, {demands} demands{masked}',
    bannerMasked: ', personal data masked',
    ownKey: ' (made here)',
    close: 'Close package, back to this computer',
    closed: "Package closed; back to this computer's data",
    closeConfirm: "Close the package and go back to this computer's data (you may need to sign in again)?",
  },
}

export default en
