import type { TPersonHolder } from '@canbao/domain';
import { Alert, App, Button, Form, Select, Space } from 'antd';
import { useState } from 'react';
import { Link, useNavigate } from 'react-router';
import { errorMessage, isApiError } from '../../../api/client';
import { PageHeader } from '../../../components/page-header';
import { applyFieldErrors } from '../../../lib/form-errors';
import { useMe } from '../../auth/hooks/use-me';
import { useUnitOptions } from '../../units/hooks/use-units';
import {
  PERSON_FIELD_ALIASES,
  PERSON_FORM_FIELDS,
  PersonForm,
  toRegisterInput,
  useDocumentDerivation,
  type PersonFormValues,
} from '../components/person-form';
import { usePersonMutations, useRegisterPerson } from '../hooks/use-persons';

type Conflict = { message: string; holder: TPersonHolder | null };

function holderOf(error: unknown): TPersonHolder | null {
  if (!isApiError(error) || error.code !== 'CONFLICT') return null;
  const details = error.details as { holder?: TPersonHolder } | undefined;
  return details?.holder ?? null;
}

/** The agency moves the person found under another unit into the unit chosen on the form. */
function TransferButton({ personId, unitId, onDone }: { personId: string; unitId: string | undefined; onDone: () => void }) {
  const { transfer } = usePersonMutations(personId);
  const { message } = App.useApp();
  return (
    <Button
      size="small"
      type="primary"
      disabled={!unitId}
      loading={transfer.isPending}
      onClick={() =>
        unitId &&
        transfer.mutate(
          { unitId },
          {
            onSuccess: () => {
              void message.success('已转移到所选单位');
              onDone();
            },
            onError: (e) => void message.error(errorMessage(e)),
          },
        )
      }
    >
      转移到所选单位
    </Button>
  );
}

/** 人员登记: one person, with the ID number checked and its birth date, gender and age derived as it is typed. */
export function PersonRegisterPage() {
  const { me } = useMe();
  const navigate = useNavigate();
  const { message } = App.useApp();
  const [form] = Form.useForm<PersonFormValues>();
  const derivation = useDocumentDerivation(form);
  const register = useRegisterPerson();
  const isAgency = me?.user.role === 'agency_admin';
  const units = useUnitOptions(isAgency);
  const unitId = Form.useWatch('unitId', form);
  const [conflict, setConflict] = useState<Conflict | null>(null);
  const [submitError, setSubmitError] = useState<string | null>(null);

  const onFinish = (values: PersonFormValues) => {
    setConflict(null);
    setSubmitError(null);
    register.mutate(toRegisterInput(values, derivation), {
      onSuccess: ({ person, transferredIn }) => {
        void message.success(transferredIn ? `${person.name} 已从原单位转入本单位` : `${person.name} 登记成功`);
        void navigate(`/persons/${person.id}`);
      },
      onError: (error) => {
        if (isApiError(error) && error.code === 'CONFLICT') {
          setConflict({ message: error.message, holder: holderOf(error) });
          return;
        }
        if (!applyFieldErrors(form, error, PERSON_FORM_FIELDS, PERSON_FIELD_ALIASES)) {
          setSubmitError(errorMessage(error, '登记失败，请稍后重试'));
        }
      },
    });
  };

  const unitField = isAgency ? (
    <Form.Item name="unitId" label="登记单位" rules={[{ required: true, message: '请选择登记单位' }]}>
      <Select
        aria-label="登记单位"
        showSearch={{ optionFilterProp: 'label' }}
        loading={units.isPending}
        options={(units.data ?? []).map((u) => ({ value: u.id, label: u.name }))}
        placeholder="选择代办单位"
      />
    </Form.Item>
  ) : null;

  return (
    <>
      <PageHeader
        title="登记人员"
        backTo="/persons"
        description={
          isAgency
            ? '为代办单位登记一名参保人员。同一证件号码在本统筹区只能登记一次。'
            : `登记到 ${me?.user.unitName ?? '本单位'}。同一证件号码在本统筹区只能登记一次。`
        }
      />
      {conflict && (
        <Alert
          type="warning"
          showIcon
          style={{ marginBottom: 16 }}
          data-testid="register-conflict"
          title="该人员已经登记"
          description={
            <Space orientation="vertical">
              <span>{conflict.message}</span>
              {conflict.holder?.personId && conflict.holder.sameUnit && (
                <Link to={`/persons/${conflict.holder.personId}`}>查看该人员</Link>
              )}
              {conflict.holder?.personId && conflict.holder.canTransfer && (
                <Space>
                  <Link to={`/persons/${conflict.holder.personId}`}>查看该人员</Link>
                  <TransferButton
                    personId={conflict.holder.personId}
                    unitId={unitId}
                    onDone={() => void navigate(`/persons/${conflict.holder?.personId}`)}
                  />
                </Space>
              )}
            </Space>
          }
        />
      )}
      {submitError && <Alert type="error" showIcon style={{ marginBottom: 16 }} title={submitError} />}
      {me && (
        <PersonForm form={form} mode="create" regionCode={me.user.regionCode} unitField={unitField} onFinish={onFinish} derivation={derivation} />
      )}
      <div className="cb-form-actions" style={{ display: 'flex', gap: 8, justifyContent: 'flex-end', marginBottom: 24 }}>
        <Button onClick={() => void navigate('/persons')}>取消</Button>
        <Button type="primary" loading={register.isPending} onClick={() => form.submit()}>
          登记
        </Button>
      </div>
    </>
  );
}
