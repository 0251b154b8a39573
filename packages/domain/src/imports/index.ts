export * from './cells';
export * from './enrollment';
