export * from './facts';
export * from './settlement';
export * from './receipts';
export * from './paths';
