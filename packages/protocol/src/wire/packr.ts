import { Packr } from 'msgpackr';
import { STRUCTURES } from './structures';

/**
 * One msgpackr instance configured with the fixed structures. `maxSharedStructures` equals the
 * catalogue size and nothing new is ever shared, so the record table never changes at run time
 * (a peer cannot grow it, and both sides always agree on it).
 */
export function createPackr(): Packr {
  return new Packr({
    structures: STRUCTURES.map((keys) => [...keys]),
    maxSharedStructures: STRUCTURES.length,
    shouldShareStructure: () => false,
    useRecords: true,
    moreTypes: false,
    mapsAsObjects: true,
    int64AsType: 'number',
  });
}
