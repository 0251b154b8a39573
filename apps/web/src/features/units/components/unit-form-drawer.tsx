import {
  SUPPORTED_BANKS,
  UNIT_KINDS,
  UNIT_KIND_NAMES,
  normalizeBankAccount,
  parsePhoneNumber,
  parseUscc,
  validateOrganisationCode,
} from '@canbao/domain';
import { Alert, App, Button, Col, Divider, Drawer, Flex, Form, Input, Row, Select, Typography, type FormRule } from 'antd';
import { useLayoutEffect, useState } from 'react';
import type { TUnit } from '@canbao/domain';
import { checkRule } from '../../../lib/check-rule';
import { useSession } from '../../auth/hooks/use-me';
import { DivisionPicker } from '../../divisions/components/division-picker';
import { useCreateUnit, useRegionUnitNaming, useUpdateUnit } from '../hooks/use-units';
import { placeSubmitError } from '../submit-error';
import { isSchoolKind } from '../unit-access';
import { toFormValues, toInput, type UnitFormValues } from '../unit-form-values';
import { UnitNameChecks, liveNameChecks, withSchoolSuffix } from './unit-name-checks';

const FIELDS = [
  'kind',
  'name',
  'uscc',
  'organisationCode',
  'socialInsuranceCode',
  'schoolCode',
  'division',
  'address',
  'contactName',
  'contactPhone',
  'bankCode',
  'bankAccountNumber',
  'bankHolder',
] as const satisfies readonly (keyof UnitFormValues)[];

// API paths whose field is named differently in this form.
const ALIASES = {
  districtCode: 'division',
  streetCode: 'division',
  bank: 'bankCode',
  'bank.code': 'bankCode',
  'bank.accountNumber': 'bankAccountNumber',
  'bank.holder': 'bankHolder',
} as const satisfies Record<string, keyof UnitFormValues>;

const KIND_OPTIONS = UNIT_KINDS.map((kind) => ({ value: kind, label: UNIT_KIND_NAMES[kind] }));
const BANK_OPTIONS = SUPPORTED_BANKS.map((b) => ({ value: b.code, label: b.name }));

// The same patterns as the API (units.service.ts), so that a mistake shows before the round trip.
const SOCIAL_INSURANCE_CODE = /^[0-9A-Za-z-]{4,30}$/;
const SCHOOL_CODE = /^\d{10}$/;

/** Bank, account number and holder go together: one of them filled in asks for the other two. */
function bankPartRule(label: string): FormRule {
  return ({ getFieldValue }) => ({
    validator: async (_rule, value: unknown) => {
      const parts = ['bankCode', 'bankAccountNumber', 'bankHolder'].map((f) => getFieldValue(f) as unknown);
      const isAnyFilled = parts.some((v) => typeof v === 'string' && v.trim() !== '');
      const isEmpty = value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
      if (isAnyFilled && isEmpty) throw new Error(`请填写${label}`);
    },
  });
}

export interface UnitFormDrawerProps {
  open: boolean;
  /** The unit to edit; null creates a new one. */
  unit: TUnit | null;
  onClose: () => void;
  onSaved?: (unit: TUnit) => void;
}

/**
 * The agency's form for a unit's whole registration: kind, name (with the region's naming rules as live advice),
 * codes (USCC checked by GB 32100 as typed), district and street of the region, contact and the bank deduction
 * account from the list of supported banks.
 */
export function UnitFormDrawer({ open, unit, onClose, onSaved }: UnitFormDrawerProps) {
  const { message } = App.useApp();
  const { user } = useSession();
  const [form] = Form.useForm<UnitFormValues>();
  const createUnit = useCreateUnit();
  const updateUnit = useUpdateUnit();
  const saving = createUnit.isPending || updateUnit.isPending;
  const [submitError, setSubmitError] = useState<string | null>(null);

  const naming = useRegionUnitNaming();
  const kind = Form.useWatch('kind', form);
  const name = Form.useWatch('name', form);
  const uscc = Form.useWatch('uscc', form);
  const organisationCode = Form.useWatch('organisationCode', form);
  const parsedUscc = uscc ? parseUscc(uscc) : null;
  const orgFromUscc = parsedUscc?.ok ? validateOrganisationCode(parsedUscc.organisationCode) : null;

  const unitId = unit?.id ?? null;
  // A fresh form each time the drawer opens. The drawer's content is destroyed when hidden (so that it opens
  // scrolled to the top, with a fresh division picker), but this form instance keeps its last values: reset
  // them before the first paint.
  useLayoutEffect(() => {
    if (!open) return;
    setSubmitError(null);
    createUnit.reset();
    updateUnit.reset();
    form.resetFields();
    // Only on opening, or when another unit is opened: a background refetch must not wipe what is being typed.
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [open, unitId]);

  const onFinish = (values: UnitFormValues) => {
    setSubmitError(null);
    const input = toInput(values);
    const handlers = {
      onSuccess: (saved: TUnit) => {
        void message.success(unit ? `已保存“${saved.name}”的登记信息` : `已新建单位“${saved.name}”`);
        onSaved?.(saved);
        onClose();
      },
      onError: (error: Error) => {
        setSubmitError(placeSubmitError(form, error, FIELDS, ALIASES));
        // The field may be far up the drawer (a clash of the credit code found on saving).
        const first = form.getFieldsError().find((f) => f.errors.length > 0);
        if (first) form.scrollToField(first.name, { block: 'center' });
      },
    };
    if (unit) updateUnit.mutate({ id: unit.id, input }, handlers);
    else createUnit.mutate(input, handlers);
  };

  return (
    <Drawer
      open={open}
      onClose={onClose}
      title={unit ? `编辑单位：${unit.name}` : '新建单位'}
      size={720}
      destroyOnHidden
      mask={{ closable: false }}
      footer={
        <Flex justify="end" gap={8}>
          <Button onClick={onClose}>取消</Button>
          <Button type="primary" loading={saving} onClick={() => form.submit()}>
            {unit ? '保存' : '创建单位'}
          </Button>
        </Flex>
      }
    >
      {submitError && (
        <Alert type="error" showIcon title={submitError} style={{ marginBottom: 16 }} data-testid="unit-form-error" />
      )}
      <Form<UnitFormValues>
        form={form}
        name="unit-form"
        layout="vertical"
        initialValues={toFormValues(unit)}
        onFinish={onFinish}
        onValuesChange={() => submitError && setSubmitError(null)}
        disabled={saving}
        requiredMark
        scrollToFirstError
      >
        <Divider titlePlacement="start" style={{ marginTop: 0 }}>
          基本信息
        </Divider>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item label="单位类别" name="kind" rules={[{ required: true, message: '请选择单位类别' }]}>
              <Select options={KIND_OPTIONS} />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              label="单位名称"
              name="name"
              rules={[
                { required: true, whitespace: true, message: '请填写单位名称' },
                { min: 2, message: '单位名称至少 2 个字' },
                { max: 100, message: '单位名称不能超过 100 个字' },
              ]}
              extra={
                <UnitNameChecks
                  checks={liveNameChecks(name, kind, naming)}
                  schoolSuffix={naming?.schoolSuffix}
                  onApplySuffix={() => naming?.schoolSuffix && form.setFieldValue('name', withSchoolSuffix(form.getFieldValue('name') ?? '', naming.schoolSuffix))}
                />
              }
            >
              <Input autoComplete="off" placeholder="单位全称，如 苏州市姑苏区平江实验学校" />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">单位代码</Divider>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item
              label="统一社会信用代码"
              name="uscc"
              hasFeedback={Boolean(uscc)}
              validateDebounce={250}
              normalize={(v: string) => v.toUpperCase()}
              rules={[checkRule(parseUscc)]}
            >
              <Input
                autoComplete="off"
                maxLength={24}
                placeholder="18 位，录入时按 GB 32100 校验"
                style={{ fontVariantNumeric: 'tabular-nums' }}
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="组织机构代码"
              name="organisationCode"
              normalize={(v: string) => v.toUpperCase()}
              rules={[checkRule(validateOrganisationCode)]}
              extra={
                orgFromUscc?.ok && !organisationCode ? (
                  <span>
                    信用代码第 9–17 位为 {orgFromUscc.normalized}
                    <Button
                      type="link"
                      size="small"
                      onClick={() => form.setFieldValue('organisationCode', orgFromUscc.normalized)}
                      style={{ height: 'auto', paddingBlock: 0 }}
                    >
                      填入
                    </Button>
                  </span>
                ) : undefined
              }
            >
              <Input autoComplete="off" maxLength={12} placeholder="8 位加校验码，如 M000100Y-4" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="社会保险登记证编码"
              name="socialInsuranceCode"
              rules={[{ pattern: SOCIAL_INSURANCE_CODE, message: '社会保险登记证编码应为 4–30 位字母或数字' }]}
            >
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
          {isSchoolKind(kind) && (
            <Col xs={24} sm={12}>
              <Form.Item
                label="学校标识码"
                name="schoolCode"
                rules={[{ pattern: SCHOOL_CODE, message: '学校标识码应为 10 位数字' }]}
              >
                <Input autoComplete="off" maxLength={10} inputMode="numeric" placeholder="教育部编制的 10 位代码" />
              </Form.Item>
            </Col>
          )}
        </Row>

        <Divider titlePlacement="start">所在地与联系人</Divider>
        <Form.Item
          label="所在区县 / 街道（乡镇）"
          name="division"
          rules={[{ required: true, message: '请选择单位所在的区县' }]}
          extra="先选区县，再选街道（乡镇）；仅列出本统筹区的区划"
        >
          <DivisionPicker rootCode={user.regionCode} leafLevel="street" />
        </Form.Item>
        <Form.Item label="地址" name="address" rules={[{ max: 200, message: '地址不能超过 200 个字' }]}>
          <Input autoComplete="off" placeholder="如 姑苏区人民路 100 号" />
        </Form.Item>
        <Row gutter={16}>
          <Col xs={24} sm={12}>
            <Form.Item label="联系人" name="contactName" rules={[{ max: 30, message: '联系人不能超过 30 个字' }]}>
              <Input autoComplete="off" />
            </Form.Item>
          </Col>
          <Col xs={24} sm={12}>
            <Form.Item
              label="联系电话"
              name="contactPhone"
              validateDebounce={250}
              rules={[checkRule(parsePhoneNumber)]}
              extra="手机号码，或带区号的固定电话"
            >
              <Input autoComplete="off" maxLength={30} />
            </Form.Item>
          </Col>
        </Row>

        <Divider titlePlacement="start">银行划扣账户</Divider>
        <Typography.Paragraph type="secondary" style={{ marginTop: -8 }}>
          用于单位统一缴费时银行划扣医保费。只能登记可划扣医保费的银行；不登记可留空。
        </Typography.Paragraph>
        <Row gutter={16}>
          <Col xs={24} sm={8}>
            <Form.Item label="开户银行" name="bankCode" dependencies={['bankAccountNumber', 'bankHolder']} rules={[bankPartRule('开户银行')]}>
              <Select
                allowClear
                showSearch={{ optionFilterProp: 'label' }}
                placeholder="选择银行"
                options={BANK_OPTIONS}
                notFoundContent="该银行不在可划扣名单内"
              />
            </Form.Item>
          </Col>
          <Col xs={24} sm={16}>
            <Form.Item
              label="银行账号"
              name="bankAccountNumber"
              dependencies={['bankCode', 'bankHolder']}
              rules={[bankPartRule('银行账号'), checkRule(normalizeBankAccount)]}
            >
              <Input autoComplete="off" maxLength={40} inputMode="numeric" style={{ fontVariantNumeric: 'tabular-nums' }} />
            </Form.Item>
          </Col>
        </Row>
        <Form.Item
          label="账户名"
          name="bankHolder"
          dependencies={['bankCode', 'bankAccountNumber']}
          rules={[bankPartRule('账户名'), { max: 100, message: '账户名不能超过 100 个字' }]}
          extra={
            name?.trim() ? (
              <Button
                type="link"
                size="small"
                onClick={() => form.setFieldValue('bankHolder', form.getFieldValue('name'))}
                style={{ paddingInline: 0, height: 'auto' }}
              >
                与单位名称相同
              </Button>
            ) : undefined
          }
        >
          <Input autoComplete="off" placeholder="一般为单位全称" />
        </Form.Item>
      </Form>
    </Drawer>
  );
}
