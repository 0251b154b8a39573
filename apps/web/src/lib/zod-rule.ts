import type { FormRule } from 'antd';

/**
 * The part of a zod schema this module needs. Typed structurally so that the web app uses the schemas of
 * @canbao/domain without depending on zod itself.
 */
interface SafeParseSchema {
  safeParse(value: unknown): { success: true } | { success: false; error: { issues: ReadonlyArray<{ message: string }> } };
}

/**
 * Turns a zod schema into an AntD Form rule, so that a field is checked by the same schema the API uses
 * (STYLE.md rule 6). The first issue's message is shown under the field. An empty field is left to the
 * `required` rule, so that it shows one message, not the schema's whole list.
 */
export function zodRule(schema: SafeParseSchema): FormRule {
  return {
    validator: async (_rule, value: unknown) => {
      if (value === undefined || value === null || value === '') return;
      const result = schema.safeParse(value);
      if (!result.success) throw new Error(result.error.issues[0]?.message ?? '格式不正确');
    },
  };
}
