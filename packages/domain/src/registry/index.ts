export * from './banks';
export * from './unit-name';
export * from './hukou-fill-in';
export * from './grades';
export * from './membership';
