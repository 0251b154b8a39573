import { Form, Select } from 'antd';
import { useUnitOptions } from '../../units/hooks/use-units';

/** The required 申报单位 of the agency's batch declarations (整班、延续), as a form field named `unitId`. */
export function UnitPickerItem({ open }: { open: boolean }) {
  const units = useUnitOptions(open);
  return (
    <Form.Item name="unitId" label="申报单位" rules={[{ required: true, message: '请选择为哪个单位申报' }]}>
      <Select
        aria-label="申报单位"
        showSearch={{ optionFilterProp: 'label' }}
        placeholder="选择代办单位"
        loading={units.isPending}
        status={units.error ? 'error' : undefined}
        notFoundContent={units.error ? '单位列表加载失败，请关闭后重试' : '没有匹配的单位'}
        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
      />
    </Form.Item>
  );
}
