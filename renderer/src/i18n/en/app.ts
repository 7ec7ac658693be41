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
    removeSampleOk: 'Remove',
    language: 'Language',
    role: 'Role',
    loading: 'Loading…',
    cancel: 'Cancel',
    statusFailed: 'Could not read the app status',
    noAccess: 'Your role cannot open “{screen}”.',
    noAccessPackage: '“{screen}” is not available in a read-only data package. Close the package to return to this computer’s data first.',
    backHome: 'Back to home',
  },
  sampleRemove: {
    title: 'Remove sample data',
    loading: 'Checking what would be removed…',
    nothing: 'There is no sample data to remove.',
    goes: 'Removed',
    communityGoes: '{name}: the whole community (grids, compounds) and {demands} simulated demands',
    sampleDemandsGo: '{name}: {demands} simulated demands',
    total: 'In all {communities} sample communities and {demands} simulated demands.',
    stays: 'Kept',
    communityStays: '{name}: the {demands} demands you recorded, with their community, grids and compounds (no longer marked as sample)',
    yoursStay: 'Demands, communities and other records you entered yourself are kept.',
    safety: 'All data is backed up first (restorable under Data & backups) and the removal is written to the audit log.',
    done: 'Sample data removed: {communities} communities, {demands} demands; backup taken first: {backup}',
    doneNothing: 'There was no sample data to remove',
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
