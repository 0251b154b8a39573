import { GRADES, gradeName } from '@canbao/domain';
import { AutoComplete, Form, Modal, Select, Typography } from 'antd';
import { useState } from 'react';
import { usePersonClasses } from '../../persons/hooks/use-persons';
import { UnitPickerItem } from './unit-picker-item';

export interface ClassDeclareValues {
  /** The unit declared for: the agency chooses it; a unit operator declares for its own unit. */
  unitId?: string;
  gradeCode?: string;
  className?: string;
}

/**
 * 整班申报: every active pupil of a grade and class (either may be left empty, not both). The agency first picks
 * the unit (`pickUnit`), so a class name never reaches across the region's schools.
 */
export function ClassDeclareModal({
  open,
  year,
  loading,
  pickUnit,
  defaultUnitId,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  year: number;
  loading: boolean;
  pickUnit: boolean;
  /** The unit the list is filtered by, to start from. */
  defaultUnitId?: string;
  onCancel: () => void;
  onSubmit: (values: ClassDeclareValues) => void;
}) {
  const [form] = Form.useForm<ClassDeclareValues>();
  const unitId = Form.useWatch('unitId', form);
  const gradeCode = Form.useWatch('gradeCode', form);
  // The classes on the roll, to pick from (typing stays possible); the agency's once it has chosen the unit.
  const classes = usePersonClasses(unitId, gradeCode, open && (!pickUnit || Boolean(unitId)));
  const classOptions = (classes.data?.items ?? []).map((c) => ({
    value: c.className,
    label: `${gradeCode ? '' : c.gradeCode ? `${gradeName(c.gradeCode)} ` : ''}${c.className}（${c.count} 人）`,
  }));
  const uniqueOptions = classOptions.filter((o, i) => classOptions.findIndex((x) => x.value === o.value) === i);
  // Open only while the field has the focus: classes arriving later (a unit chosen) never cover the buttons.
  const [isClassFocused, setClassFocused] = useState(false);
  // A class typed in full (the one option left is exactly it) closes the list, so it never covers 申报.
  const typed = (Form.useWatch('className', form) ?? '').trim();
  const matching = uniqueOptions.filter((o) => o.value.includes(typed));
  const typedInFull = typed !== '' && matching.length === 1 && matching[0]?.value === typed;
  return (
    <Modal
      open={open}
      title={`整班申报（${year} 年度）`}
      okText="申报"
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => form.submit()}
      destroyOnHidden
    >
      <Typography.Paragraph type="secondary">
        申报{pickUnit ? '所选单位' : ''}所选年级、班级的全部在册学生；已申报的不会重复申报，不符合条件的会列出原因。
      </Typography.Paragraph>
      <Form
        form={form}
        layout="vertical"
        initialValues={{ unitId: pickUnit && defaultUnitId ? defaultUnitId : undefined }}
        onFinish={(v) =>
          onSubmit({ ...(pickUnit ? { unitId: v.unitId } : {}), gradeCode: v.gradeCode || undefined, className: v.className?.trim() || undefined })
        }
      >
        {pickUnit && <UnitPickerItem open={open} />}
        <Form.Item name="gradeCode" label="年级">
          <Select aria-label="申报年级" allowClear placeholder="选择年级" options={GRADES.map((g) => ({ value: g.code, label: g.name }))} />
        </Form.Item>
        <Form.Item
          name="className"
          label="班级"
          dependencies={['gradeCode']}
          rules={[
            ({ getFieldValue }) => ({
              validator: (_, value?: string) =>
                value?.trim() || getFieldValue('gradeCode') ? Promise.resolve() : Promise.reject(new Error('请选择年级或填写班级')),
            }),
          ]}
        >
          <AutoComplete
            aria-label="申报班级"
            placeholder={uniqueOptions.length ? '选择或输入班级' : '如 1班'}
            maxLength={40}
            options={uniqueOptions}
            open={isClassFocused && matching.length > 0 && !typedInFull}
            onFocus={() => setClassFocused(true)}
            onBlur={() => setClassFocused(false)}
            onSelect={() => setClassFocused(false)}
            onKeyDown={() => setClassFocused(true)}
            showSearch={{ filterOption: (input, option) => String(option?.value ?? '').includes(input.trim()) }}
            data-testid="class-picker"
          />
        </Form.Item>
      </Form>
    </Modal>
  );
}
