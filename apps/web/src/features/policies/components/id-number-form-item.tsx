import { Form, Input } from 'antd';
import type { ReactNode } from 'react';
import { checkIdNumberInput } from '../id-number-check';

/**
 * The 身份证号码 field of the public forms (缴费标准查询, 参保状态查询, 票据查询): required, checked with the same GB 11643
 * rules as the API when the form is sent, while typing showing what the page makes of it (`help`, `status`).
 */
export function IdNumberFormItem({
  name = 'idNumber',
  label = '身份证号码',
  requiredMessage = '请输入身份证号码',
  placeholder = '18 位，末位可为 X',
  help,
  status,
  today,
  onFocusChange,
}: {
  name?: string;
  label?: string;
  requiredMessage?: string;
  placeholder?: string;
  help?: ReactNode;
  status?: '' | 'success' | 'warning' | 'error' | undefined;
  /** The city's date the birth date is checked against. */
  today: string;
  onFocusChange: (focused: boolean) => void;
}) {
  return (
    <Form.Item
      label={label}
      name={name}
      help={help}
      validateStatus={status}
      rules={[
        { required: true, whitespace: true, message: requiredMessage },
        {
          validator: async (_rule, value: unknown) => {
            if (typeof value !== 'string' || !value.trim()) return;
            const state = checkIdNumberInput(value, { isFocused: false, today });
            if (state.kind === 'error') throw new Error(state.message);
          },
        },
      ]}
    >
      <Input
        placeholder={placeholder}
        autoComplete="off"
        spellCheck={false}
        allowClear
        maxLength={24}
        onFocus={() => onFocusChange(true)}
        onBlur={() => onFocusChange(false)}
        style={{ fontVariantNumeric: 'tabular-nums', letterSpacing: 0.5 }}
      />
    </Form.Item>
  );
}
