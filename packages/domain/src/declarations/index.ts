export * from './facts';
export * from './settlement';
export * from './receipts';
