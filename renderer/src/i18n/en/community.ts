import type zh from '../zh-CN/community'

const en: typeof zh = {
  community: {
    title: 'Communities',
    hint: 'Add the communities of this street and keep their grids and residential compounds. Grids and compounds can be added and renamed, not removed yet (recorded demands refer to them).',
    add: 'Add community',
    edit: 'Edit',
    name: 'Name',
    households: 'Households',
    grids: 'Grids',
    compounds: 'Compounds',
    gridCount: 'Grids',
    compoundCount: 'Compounds',
    actions: 'Actions',
    sample: 'Sample',
    empty: 'No communities yet. Click “Add community”.',
    loadFailed: 'Could not load communities',
    createTitle: 'Add community',
    editTitle: 'Edit community: {name}',
    namePlaceholder: 'e.g. Qikouyan Community',
    householdsPlaceholder: 'Optional',
    gridPlaceholder: 'Grid name, e.g. Grid 1',
    compoundPlaceholder: 'Compound name, e.g. Lijing Garden',
    selectGrid: 'Grid (optional)',
    addGrid: 'Add grid',
    addCompound: 'Add compound',
    noGrids: 'No grids',
    noCompounds: 'No compounds',
    rowsHint: 'Grids and compounds can only be added or renamed, not removed. Ctrl+Enter saves.',
    save: 'Save',
    created: 'Community added: {name}',
    updated: 'Community saved: {name}',
  },
}

export default en
