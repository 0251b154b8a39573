import type { FormRule } from 'antd';

type Check = { ok: true } | { ok: false; message: string };

/**
 * Turns a validator of @canbao/domain (parseUscc, validateOrganisationCode, normalizeBankAccount …) into an AntD
 * Form rule, so that a field shows the same Chinese message the API would give. An empty field is left to the
 * `required` rule.
 */
export function checkRule(check: (value: string) => Check): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = check(String(value));
      if (!result.ok) throw new Error(result.message);
    },
  };
}

/** '' and whitespace-only → null, so that clearing a field clears it on the server. */
export function textOrNull(value: string | null | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}
