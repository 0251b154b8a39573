export * from './resident-id';
export { hasDivisionCodeStructure, isKnownDivisionCode, isPossibleIdRegion } from './division-history';
export * from './documents';
export * from './uscc';
export * from './phone';
export * from './person-name';
export * from './schemas';
