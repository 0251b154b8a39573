export * from './cells';
export * from './enrollment';
export * from './exemptions';
export * from './leavers';
export * from './prefill';
export * from './person-cells';
export * from './paid-roster';
export * from './deduction-result';
