import { CheckCircleFilled, ExclamationCircleFilled, SearchOutlined } from '@ant-design/icons';
import { GENDER_NAMES, type TFamilyYear } from '@canbao/domain';
import { Button, Card, Col, Descriptions, Empty, Form, Grid, Input, Row, Space, Tag, Typography } from 'antd';
import { useState } from 'react';
import { Link } from 'react-router';
import { PageHeader } from '../../../components/page-header';
import { cityToday, formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { IdNumberFormItem } from '../../policies/components/id-number-form-item';
import { checkIdNumberInput, type TIdNumberState } from '../../policies/id-number-check';
import { PublicErrorAlert } from '../components/public-error-alert';
import { useFamilyStatus } from '../hooks/use-pay';

interface FamilyForm {
  idNumber: string;
  name: string;
  phoneLast4: string;
}

const STATUS_COLORS: Record<string, string> = { declared: 'blue', confirmed: 'cyan', settled: 'orange', paid: 'green', removed: 'default' };

/** While typing (or empty) the field shows no stale error of an earlier check: '' overrides the rule's status. */
function idHelp(state: TIdNumberState): { help?: string; status: '' | 'success' | 'error' } {
  switch (state.kind) {
    case 'empty':
      return { status: '' };
    case 'typing':
      return { help: `已输入 ${state.length} / 18 位`, status: '' };
    case 'error':
      return { help: state.message, status: 'error' };
    case 'ok':
      return { help: `出生日期 ${state.birthDate} · ${GENDER_NAMES[state.gender]}${state.wasLegacy15 ? `（15 位旧号码，已换算为 ${state.normalized}）` : ''}`, status: 'success' };
  }
}

/** 参保状态查询: a family checks, by ID number and name, each year's declaration, payment and coverage. */
export function FamilyStatusPage() {
  const [form] = Form.useForm<FamilyForm>();
  const status = useFamilyStatus();
  const [isIdFocused, setIdFocused] = useState(false);
  const [today] = useState(cityToday);
  const idNumber = Form.useWatch('idNumber', form);
  const idState = checkIdNumberInput(idNumber, { isFocused: isIdFocused, today });
  const { help, status: idStatus } = idHelp(idState);
  // The button lines up with the inputs beside them; on a phone it sits right under them.
  const screens = Grid.useBreakpoint();

  const onFinish = (values: FamilyForm) => {
    const id = checkIdNumberInput(values.idNumber, { isFocused: false, today });
    if (id.kind !== 'ok') return;
    status.mutate({ idNumber: id.normalized, name: values.name.trim(), phoneLast4: values.phoneLast4.trim() });
  };

  return (
    <div style={{ maxWidth: 880, margin: '0 auto' }}>
      <PageHeader title="参保状态查询" description="无需登录。输入参保人的身份证号码、姓名和登记的手机号码后四位，查看每个参保年度的申报、缴费和待遇享受情况。" />
      <Card size="small" style={{ marginBottom: 16 }}>
        <Form<FamilyForm> form={form} layout="vertical" requiredMark={false} onFinish={onFinish} disabled={status.isPending} onValuesChange={() => status.data && status.reset()}>
          <Row gutter={12}>
            <Col xs={24} sm={10}>
              <IdNumberFormItem help={help && <span data-testid="id-number-help">{help}</span>} status={idStatus} today={today} onFocusChange={setIdFocused} />
            </Col>
            <Col xs={12} sm={4}>
              <Form.Item label="姓名" name="name" rules={[{ required: true, whitespace: true, message: '请输入姓名' }]}>
                <Input autoComplete="off" maxLength={50} />
              </Form.Item>
            </Col>
            <Col xs={12} sm={6}>
              <Form.Item
                label="登记手机号后四位"
                name="phoneLast4"
                tooltip="登记参保时填写的本人或监护人手机号码的后四位，用于确认是本人或家长在查询"
                rules={[{ required: true, message: '请输入手机号后四位' }, { pattern: /^[0-9]{4}$/, message: '请输入 4 位数字' }]}
              >
                <Input autoComplete="off" inputMode="numeric" maxLength={4} />
              </Form.Item>
            </Col>
            <Col xs={24} sm={4}>
              <Form.Item label={screens.sm ? ' ' : undefined} colon={false}>
                <Button type="primary" htmlType="submit" icon={<SearchOutlined />} block loading={status.isPending}>
                  查询
                </Button>
              </Form.Item>
            </Col>
          </Row>
        </Form>
      </Card>

      {status.error && <PublicErrorAlert error={status.error} title="查询失败" testId="family-error" />}
      {status.data &&
        (!status.data.found ? (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="未查到参保信息：请核对身份证号码、姓名和手机号后四位（须为登记时填写的本人或监护人手机号码）；如刚由学校或社区登记，请稍后再查或联系登记单位。" data-testid="family-not-found" />
          </Card>
        ) : !status.data.years.length ? (
          <Card size="small">
            <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description="已登记，但尚无参保申报记录。请联系学校（单位）或社区办理参保申报。" data-testid="family-no-years" />
          </Card>
        ) : (
          <Space orientation="vertical" size={12} style={{ width: '100%' }} data-testid="family-years">
            {status.data.years.map((y) => (
              <YearCard key={y.year} year={y} />
            ))}
          </Space>
        ))}
    </div>
  );
}

function YearCard({ year: y }: { year: TFamilyYear }) {
  return (
    <Card
      size="small"
      data-testid={`family-year-${y.year}`}
      title={
        <span style={{ display: 'inline-flex', alignItems: 'center', gap: 8, flexWrap: 'wrap' }}>
          {y.year} 年度
          <Tag color={STATUS_COLORS[y.status] ?? 'default'} style={{ marginInlineEnd: 0 }}>
            {y.statusName}
          </Tag>
        </span>
      }
      extra={
        y.covered ? (
          <Typography.Text type="success" strong data-testid="family-covered">
            <CheckCircleFilled /> 已参保
          </Typography.Text>
        ) : (
          <Typography.Text type="warning" strong data-testid="family-covered">
            <ExclamationCircleFilled /> 未缴费，尚未参保
          </Typography.Text>
        )
      }
    >
      <Descriptions
        size="small"
        column={{ xs: 1, sm: 2 }}
        items={[
          { key: 'unit', label: '参保单位', children: y.unitName ?? '个人（家庭）' },
          { key: 'category', label: '人员类别', children: y.categoryName },
          { key: 'payable', label: '应缴金额', children: formatYuan(y.payableFen) },
          {
            key: 'paid',
            label: '已缴金额',
            children: y.paidFen > 0 || y.paidAt ? `${formatYuan(y.paidFen)}${y.paidAt ? `（${formatDateTime(y.paidAt, 'YYYY-MM-DD HH:mm')}）` : ''}` : '未缴费',
          },
          { key: 'benefit', label: '待遇享受期', children: `${y.benefitStart} 至 ${y.benefitEnd}` },
          { key: 'waiting', label: '等待期', children: y.waitingDays > 0 ? `${y.waitingDays} 天（等待期内发生的医疗费用不予报销）` : '无' },
          {
            key: 'receipt',
            label: '电子票据',
            children: y.receiptNumber ? (
              // The status answer carries the number only: the receipt page asks for the code printed beside it.
              <Link to={`/receipt?${new URLSearchParams({ number: y.receiptNumber }).toString()}`} data-testid="family-receipt-link">
                {y.receiptNumber}
              </Link>
            ) : y.covered ? (
              '开具中'
            ) : (
              '—'
            ),
          },
        ]}
      />
      {!y.covered && y.status !== 'removed' && (
        <Typography.Text type="secondary" style={{ fontSize: 12 }}>
          缴费后才能享受{y.year}年度医保待遇；请按学校（单位）发放的缴费通知单扫码缴费。
        </Typography.Text>
      )}
    </Card>
  );
}
