// Every collection the services keep, besides the data layer's own (communities, demands and the
// demand-move journal). One list, used by openBackend, the kill test and the contract fuzz: a new
// collection added here is opened, backed up, restored, kill-tested and fuzzed with no other change.
import type { CollectionDescriptor } from '../data'
import type { PiiCipher } from '../data/pii-codec'
import { caseCountersCollection } from './case-numbers'
import { historyCollection } from './history-collection'
import { importMappingsCollection } from './import-mappings'
import { meetingsCollection } from './meetings-collection'
import { operatorsCollection } from './operators-collection'
import { createPeopleCollection } from './people-collection'
import { streetCollection } from './street'
import { tasksCollection } from './tasks-collection'
import { topicsCollection } from './topics-collection'

/** `cipher` encrypts the personal fields of the collections that hold some (people's phones). */
export function appCollections(cipher: PiiCipher): Array<CollectionDescriptor<never>> {
  return [
    operatorsCollection,
    streetCollection,
    caseCountersCollection,
    topicsCollection,
    importMappingsCollection,
    createPeopleCollection(cipher),
    meetingsCollection,
    tasksCollection,
    historyCollection,
  ] as unknown as Array<CollectionDescriptor<never>>
}
