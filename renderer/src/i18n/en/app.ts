import type zh from '../zh-CN/app'

const en: typeof zh = {
  app: {
    name: 'Yishi Desk',
    subtitle: 'Five-party joint meetings · six-step method',
    street: 'Street',
    sampleStreet: 'Majiadian Street (sample)',
    defaultStreet: 'This street',
    sampleTag: 'Sample data',
    removeSample: 'Remove sample data',
    removeSampleConfirmTitle: 'Remove sample data',
    removeSampleConfirm:
      'This deletes every sample community and simulated demand. Data you entered yourself is kept. This cannot be undone. Remove it?',
    removeSampleOk: 'Remove',
    removed: 'Sample data removed: {communities} communities, {demands} demands',
    language: 'Language',
    role: 'Role',
    loading: 'Loading…',
    cancel: 'Cancel',
    statusFailed: 'Could not read the app status',
  },
  role: {
    secretary: 'Secretary',
    chair: 'Chair',
    leader: 'Leader',
  },
  notice: {
    title: 'Data notice',
  },
  firstRun: {
    title: 'Welcome to Yishi Desk',
    intro: 'This is the first start and there is no community or demand data yet. Load the sample street to try things out; it is clearly marked and can be removed in one step.',
    loadSample: 'Load the sample street (Majiadian, 15 communities, two years of simulated demands, removable)',
    skip: 'Not now, start empty',
    loading: 'Generating sample data, please wait…',
    loaded: 'Sample data loaded: {communities} communities, {demands} demands',
  },
}

export default en
