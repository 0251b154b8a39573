import type { FormInstance } from 'antd';
import { fieldErrorsOf } from '../api/client';

/**
 * Puts the API's per-field messages (`details: [{ path, message }]`) under the matching form fields.
 * `aliases` maps an API path to the form field showing it when the form is shaped differently from the body
 * (e.g. 'bank.accountNumber' → 'bankAccountNumber'); other paths go to the field of their first segment.
 * Returns whether any field took a message, so the caller can skip a duplicate banner.
 */
export function applyFieldErrors<T>(
  form: FormInstance<T>,
  error: unknown,
  fields: readonly (keyof T & string)[],
  aliases: Readonly<Record<string, keyof T & string>> = {},
): boolean {
  const byField = new Map<string, string[]>();
  for (const { path, message } of fieldErrorsOf(error)) {
    const name = aliases[path] ?? path.split('.')[0] ?? '';
    if (!(fields as readonly string[]).includes(name)) continue;
    byField.set(name, [...(byField.get(name) ?? []), message]);
  }
  if (byField.size === 0) return false;
  form.setFields([...byField].map(([name, errors]) => ({ name: name as never, errors })));
  return true;
}
