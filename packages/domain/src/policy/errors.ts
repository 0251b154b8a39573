/** Stable codes for a quote that cannot be computed; clients switch on the code, people read the message. */
export const PolicyErrorCode = {
  INVALID_FACTS: 'POLICY_INVALID_FACTS',
  INVALID_ID_NUMBER: 'POLICY_INVALID_ID_NUMBER',
  BIRTH_DATE_MISMATCH: 'POLICY_BIRTH_DATE_MISMATCH',
  GENDER_MISMATCH: 'POLICY_GENDER_MISMATCH',
  MISSING_BIRTH_DATE: 'POLICY_MISSING_BIRTH_DATE',
  BIRTH_AFTER_APPLY_DATE: 'POLICY_BIRTH_AFTER_APPLY_DATE',
  INVALID_PROFILE: 'POLICY_INVALID_PROFILE',
  UNKNOWN_PROFILE: 'POLICY_UNKNOWN_PROFILE',
  NOT_A_TEMPLATE: 'POLICY_NOT_A_TEMPLATE',
} as const;
export type PolicyErrorCode = (typeof PolicyErrorCode)[keyof typeof PolicyErrorCode];

export interface TPolicyErrorIssue {
  path: string;
  message: string;
}

/** The one error type of the policy engine: a code, a Chinese message, and optional issue details. */
export class PolicyError extends Error {
  override readonly name = 'PolicyError';
  readonly code: PolicyErrorCode;
  readonly issues: readonly TPolicyErrorIssue[];

  constructor(code: PolicyErrorCode, message: string, issues: readonly TPolicyErrorIssue[] = []) {
    super(message);
    this.code = code;
    this.issues = issues;
  }
}

export function isPolicyError(error: unknown): error is PolicyError {
  return error instanceof PolicyError;
}
