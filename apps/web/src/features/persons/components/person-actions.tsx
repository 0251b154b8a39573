import { DOCUMENT_TYPES, END_REASON_NAMES, STOP_REASONS, type TDocumentType, type TPersonDetail, type TStopReason } from '@canbao/domain';
import { Alert, App, DatePicker, Drawer, Form, Input, Modal, Select, Button } from 'antd';
import type { Dayjs } from 'dayjs';
import { useState } from 'react';
import { errorMessage } from '../../../api/client';
import { applyFieldErrors } from '../../../lib/form-errors';
import { cityToday, dayjs, DATE_FORMAT } from '../../../lib/datetime';
import { useUnitOptions } from '../../units/hooks/use-units';
import type { usePersonMutations } from '../hooks/use-persons';
import { deriveFromDocument } from '../labels';
import {
  PERSON_FIELD_ALIASES,
  PERSON_FORM_FIELDS,
  PersonForm,
  toFormValues,
  toPersonFields,
  type PersonFormValues,
} from './person-form';

type Mutations = ReturnType<typeof usePersonMutations>;

/** 减员: the person leaves the unit (graduated, moved away …); the membership is closed, the record kept. */
export function StopPersonModal({ person, open, onClose, mutations }: { person: TPersonDetail; open: boolean; onClose: () => void; mutations: Mutations }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ reason: TStopReason; date: Dayjs; note?: string }>();
  return (
    <Modal
      open={open}
      title={`为 ${person.name} 办理减员`}
      okText="确认减员"
      okButtonProps={{ danger: true }}
      confirmLoading={mutations.stop.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(cityToday()) }}
        onFinish={(v) =>
          mutations.stop.mutate(
            { reason: v.reason, date: v.date.format(DATE_FORMAT), ...(v.note?.trim() ? { note: v.note.trim() } : {}) },
            {
              onSuccess: () => {
                void message.success('已办理减员');
                onClose();
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      >
        <Form.Item name="reason" label="减员原因" rules={[{ required: true, message: '请选择减员原因' }]}>
          <Select aria-label="减员原因" options={STOP_REASONS.map((r) => ({ value: r, label: END_REASON_NAMES[r] }))} />
        </Form.Item>
        <Form.Item name="date" label="减员日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
        <Form.Item name="note" label="备注">
          <Input.TextArea maxLength={200} rows={2} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 转移 (agency): the person moves to another unit of the region; the timeline keeps both memberships. */
export function TransferPersonModal({ person, open, onClose, mutations }: { person: TPersonDetail; open: boolean; onClose: () => void; mutations: Mutations }) {
  const { message } = App.useApp();
  const units = useUnitOptions(open);
  const [form] = Form.useForm<{ unitId: string; date: Dayjs }>();
  return (
    <Modal
      open={open}
      title={`转移 ${person.name} 到其他单位`}
      okText="确认转移"
      confirmLoading={mutations.transfer.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ date: dayjs(cityToday()) }}
        onFinish={(v) =>
          mutations.transfer.mutate(
            { unitId: v.unitId, date: v.date.format(DATE_FORMAT) },
            {
              onSuccess: () => {
                void message.success('已转移');
                onClose();
              },
              onError: (e) => void message.error(errorMessage(e)),
            },
          )
        }
      >
        <Form.Item name="unitId" label="转入单位" rules={[{ required: true, message: '请选择转入单位' }]}>
          <Select
            aria-label="转入单位"
            showSearch={{ optionFilterProp: 'label' }}
            loading={units.isPending}
            options={(units.data ?? []).filter((u) => u.id !== person.unitId).map((u) => ({ value: u.id, label: u.name }))}
          />
        </Form.Item>
        <Form.Item name="date" label="转移日期" rules={[{ required: true, message: '请选择日期' }]}>
          <DatePicker style={{ width: '100%' }} />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** A newborn's temporary number replaced by the real document: same record, history kept. */
export function RealDocumentModal({ person, open, onClose, mutations }: { person: TPersonDetail; open: boolean; onClose: () => void; mutations: Mutations }) {
  const { message } = App.useApp();
  const [form] = Form.useForm<{ documentType: TDocumentType; documentNumber: string }>();
  const type = Form.useWatch('documentType', form) ?? '01';
  const number = Form.useWatch('documentNumber', form) ?? '';
  const derivation = deriveFromDocument(type, number, cityToday());
  const mismatch =
    derivation.state === 'valid' && derivation.birthDate && derivation.birthDate !== person.birthDate
      ? `证件号码中的出生日期 ${derivation.birthDate} 与登记的 ${person.birthDate} 不一致`
      : null;
  return (
    <Modal
      open={open}
      title="换为正式证件号码"
      okText="确认"
      confirmLoading={mutations.setDocument.isPending}
      onCancel={onClose}
      onOk={() => form.submit()}
      forceRender
    >
      <Form
        form={form}
        layout="vertical"
        initialValues={{ documentType: '01' }}
        onFinish={(v) =>
          mutations.setDocument.mutate(
            { documentType: v.documentType, documentNumber: v.documentNumber.trim() },
            {
              onSuccess: () => {
                void message.success('已换为正式证件号码');
                onClose();
              },
              onError: (e) => {
                if (!applyFieldErrors(form, e, ['documentType', 'documentNumber'])) void message.error(errorMessage(e));
              },
            },
          )
        }
      >
        <Form.Item name="documentType" label="证件类型">
          <Select options={Object.entries(DOCUMENT_TYPES).filter(([c]) => c !== '99').map(([value, label]) => ({ value, label }))} />
        </Form.Item>
        <Form.Item
          name="documentNumber"
          label="证件号码"
          validateStatus={derivation.state === 'invalid' || mismatch ? 'error' : undefined}
          help={derivation.state === 'invalid' ? derivation.message : (mismatch ?? undefined)}
          rules={[{ required: true, message: '请填写证件号码' }]}
        >
          <Input maxLength={40} autoComplete="off" />
        </Form.Item>
      </Form>
    </Modal>
  );
}

/** 修改人员信息: everything but the document, which only the merge of a temporary number changes. */
/** The form field behind each field a refusal may name (REFUSAL_FIX_FIELDS). */
const FIX_FIELD_NAMES: Partial<Record<string, keyof PersonFormValues>> = {
  residencePermitSince: 'residencePermitSince',
  pointsEligibility: 'pointsAppliedOn',
};

export function EditPersonDrawer({
  person,
  regionCode,
  open,
  onClose,
  mutations,
  focusField,
}: {
  person: TPersonDetail;
  regionCode: string;
  open: boolean;
  onClose: () => void;
  mutations: Mutations;
  /** A field of the record to bring into view and focus once open (a refusal linked here to correct it). */
  focusField?: string | null | undefined;
}) {
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const focusName = focusField ? (FIX_FIELD_NAMES[focusField] ?? null) : null;
  const [submitError, setSubmitError] = useState<string | null>(null);
  const onFinish = (values: PersonFormValues) => {
    setSubmitError(null);
    const fields = toPersonFields(values);
    // Phones are shown masked: a field left empty keeps the number on record.
    if (!fields.phone) delete fields.phone;
    if (fields.guardian && !fields.guardian.phone) delete fields.guardian.phone;
    mutations.update.mutate(fields, {
      onSuccess: () => {
        void message.success('已保存');
        onClose();
      },
      onError: (e) => {
        if (!applyFieldErrors(form, e, PERSON_FORM_FIELDS, PERSON_FIELD_ALIASES)) setSubmitError(errorMessage(e, '保存失败'));
      },
    });
  };
  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={`修改 ${person.name} 的信息`}
      size={900}
      destroyOnHidden
      afterOpenChange={(visible) => {
        if (visible && focusName) form.scrollToField(focusName, { focus: true, block: 'center' });
      }}
      extra={
        <Button type="primary" loading={mutations.update.isPending} onClick={() => form.submit()}>
          保存
        </Button>
      }
    >
      {submitError && <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} />}
      <PersonForm
        form={form}
        mode="edit"
        regionCode={regionCode}
        initialValues={toFormValues(person)}
        onFinish={onFinish}
        derivation={
          person.birthDate
            ? { state: 'valid', normalized: person.documentNumber, birthDate: person.birthDate, age: dayjs(cityToday()).diff(person.birthDate, 'year') }
            : { state: 'empty' }
        }
      />
    </Drawer>
  );
}
