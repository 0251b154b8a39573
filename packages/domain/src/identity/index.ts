export * from './resident-id';
export * from './documents';
export * from './uscc';
export * from './phone';
export * from './person-name';
export * from './schemas';
