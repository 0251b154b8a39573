export * from './privacy/mask';
export * from './access/roles';
export * from './identity';
export * from './policy';
export * from './money';
export * from './registry';
export * from './imports';
export * from './declarations';
