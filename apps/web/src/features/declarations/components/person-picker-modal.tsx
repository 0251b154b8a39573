import { GRADES, gradeName, type TPersonListItem } from '@canbao/domain';
import { Input, Modal, Select, Space, Table, Typography } from 'antd';
import { useState } from 'react';
import { EmptyText } from '../../../components/empty-text';
import { usePersons } from '../../persons/hooks/use-persons';
import { useUnitOptions } from '../../units/hooks/use-units';

const MAX_PERSONS = 5000;

/** 申报所选人员: pick registered persons (across pages) to declare; the agency filters by unit first. */
export function PersonPickerModal({
  open,
  year,
  seesUnits,
  loading,
  onCancel,
  onSubmit,
}: {
  open: boolean;
  year: number;
  seesUnits: boolean;
  loading: boolean;
  onCancel: () => void;
  onSubmit: (personIds: string[]) => void;
}) {
  const [filters, setFilters] = useState({ q: '', unitId: '', gradeCode: '', className: '' });
  const [page, setPage] = useState({ page: 1, pageSize: 10 });
  const [selected, setSelected] = useState<string[]>([]);
  const units = useUnitOptions(open && seesUnits);
  const persons = usePersons({ ...filters, status: 'active', ...page });
  const change = (c: Partial<typeof filters>) => {
    setFilters((f) => ({ ...f, ...c }));
    setPage((p) => ({ ...p, page: 1 }));
  };
  return (
    <Modal
      open={open}
      title={`申报所选人员（${year} 年度）`}
      width={900}
      okText={`申报所选 ${selected.length} 人`}
      okButtonProps={{ disabled: selected.length === 0 || selected.length > MAX_PERSONS }}
      confirmLoading={loading}
      onCancel={onCancel}
      onOk={() => onSubmit(selected)}
      afterClose={() => setSelected([])}
      destroyOnHidden
    >
      <Space wrap style={{ marginBottom: 12 }}>
        <Input.Search
          aria-label="搜索待申报人员"
          placeholder="姓名、完整证件号码、学号"
          allowClear
          style={{ width: 260 }}
          onSearch={(v) => change({ q: v.trim() })}
        />
        {seesUnits && (
          <Select
            aria-label="待申报人员单位"
            allowClear
            showSearch={{ optionFilterProp: 'label' }}
            placeholder="全部单位"
            style={{ width: 220 }}
            loading={units.isPending}
            options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
            onChange={(v: string | undefined) => change({ unitId: v ?? '' })}
          />
        )}
        <Select
          aria-label="待申报人员年级"
          allowClear
          placeholder="全部年级"
          style={{ width: 140 }}
          options={GRADES.map((g) => ({ value: g.code, label: g.name }))}
          onChange={(v: string | undefined) => change({ gradeCode: v ?? '' })}
        />
        <Input.Search aria-label="待申报人员班级" placeholder="班级" allowClear style={{ width: 140 }} onSearch={(v) => change({ className: v.trim() })} />
      </Space>
      <Table<TPersonListItem>
        size="small"
        rowKey="id"
        data-testid="person-picker-table"
        loading={persons.isFetching}
        dataSource={persons.data?.items}
        rowSelection={{ selectedRowKeys: selected, preserveSelectedRowKeys: true, onChange: (keys) => setSelected(keys as string[]) }}
        pagination={{
          current: page.page,
          pageSize: page.pageSize,
          total: persons.data?.total ?? 0,
          size: 'small',
          showTotal: (t) => `共 ${t} 人`,
          onChange: (p, ps) => setPage({ page: ps !== page.pageSize ? 1 : p, pageSize: ps }),
        }}
        columns={[
          { title: '姓名', dataIndex: 'name', width: 100 },
          { title: '证件号码', dataIndex: 'documentNumber', width: 190 },
          ...(seesUnits ? [{ title: '单位', dataIndex: 'unitName', ellipsis: true }] : []),
          { title: '年级', dataIndex: 'gradeCode', width: 110, render: (v: string | null) => (v ? gradeName(v) : <EmptyText />) },
          { title: '班级', dataIndex: 'className', width: 80, render: (v: string | null) => v || <EmptyText /> },
        ]}
      />
      <Typography.Text type="secondary">已申报过的人员不会重复申报；每次最多 {MAX_PERSONS} 人。</Typography.Text>
    </Modal>
  );
}
