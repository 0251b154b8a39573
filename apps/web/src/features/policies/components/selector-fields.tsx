import { PlusOutlined, DeleteOutlined } from '@ant-design/icons';
import {
  GENDER_NAMES,
  GENDERS,
  HUKOU_TYPE_NAMES,
  HUKOU_TYPES,
  SCHOOL_LEVEL_NAMES,
  SCHOOL_LEVELS,
  type TPolicyProfile,
} from '@canbao/domain';
import { Button, Checkbox, Col, Divider, Flex, Form, Row, Select, Typography } from 'antd';
import { describeSelector } from '../policy-text';
import { emptySelector, selectorFromValues, type TSelectorValues } from '../profile-form';
import { Hint, ListErrors, TriChoice, WholeInput, WordsInput, prefixRule, useProfileChoices, type TName } from './profile-form-fields';

export const SCHOOL_LEVEL_OPTIONS = SCHOOL_LEVELS.map((l) => ({ value: l, label: SCHOOL_LEVEL_NAMES[l] }));
export const HUKOU_TYPE_OPTIONS = HUKOU_TYPES.map((h) => ({ value: h, label: HUKOU_TYPE_NAMES[h] }));
const GENDER_OPTIONS = GENDERS.map((g) => ({ value: g, label: GENDER_NAMES[g] }));

/**
 * The selector in words ('在校（小学、初中），本地城镇户籍'), as the field of the whole selector: an issue about it
 * (年龄下限大于上限, 引用了未定义的标记) is shown right under it.
 */
function SelectorSummary({ id, value }: { id?: string; value?: TSelectorValues }) {
  const { flags, identities } = useProfileChoices();
  const names = {
    flags: flags.map((f) => ({ code: f.value, name: f.label })),
    identities: identities.map((i) => ({ code: i.value, name: i.label })),
  } as unknown as Pick<TPolicyProfile, 'flags' | 'identities'>;
  return (
    <Typography.Text id={id} strong style={{ fontSize: 13 }}>
      {value ? describeSelector(selectorFromValues(value), names) : '所有人员'}
    </Typography.Text>
  );
}

/** One set of conditions on a person; every condition given must hold, an empty choice is 不限. */
export function SelectorFields({ name, label }: { name: TName; path: TName; label?: string }) {
  const { flags, identities } = useProfileChoices();
  return (
    <div className="cb-selector" style={{ border: '1px solid rgba(5,5,5,0.08)', borderRadius: 6, padding: '8px 12px 0', background: 'rgba(0,0,0,0.015)' }}>
      <Form.Item name={name} label={label ?? '适用人员'} style={{ marginBottom: 8 }}>
        <SelectorSummary />
      </Form.Item>
      <Row gutter={12}>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="是否在校" name={[...name, 'inSchool']}>
            <TriChoice yes="在校" no="不在校" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="学校所在地" name={[...name, 'schoolInRegion']}>
            <TriChoice yes="本统筹区学校" no="外地学校" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="新生儿" name={[...name, 'newborn']}>
            <TriChoice yes="是" no="否" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="学段（任一）" name={[...name, 'schoolLevels']}>
            <Select mode="multiple" allowClear placeholder="不限" options={SCHOOL_LEVEL_OPTIONS} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="户籍类型（任一）" name={[...name, 'hukouTypes']}>
            <Select mode="multiple" allowClear placeholder="不限" options={HUKOU_TYPE_OPTIONS} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item label="年龄下限" name={[...name, 'ageMin']}>
            <WholeInput unit="周岁" max={150} />
          </Form.Item>
        </Col>
        <Col xs={12} md={6} xl={4}>
          <Form.Item label="年龄上限" name={[...name, 'ageMax']}>
            <WholeInput unit="周岁" max={150} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={8}>
          <Form.Item label="户籍地行政区划代码开头" name={[...name, 'hukouRegionPrefixes']} rules={[prefixRule]}>
            <WordsInput placeholder="不限；如 3205（苏州市），回车确认" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={4}>
          <Form.Item label="性别" name={[...name, 'genders']}>
            <Checkbox.Group options={GENDER_OPTIONS} />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="持有标记（任一）" name={[...name, 'flagsAny']}>
            <Select mode="multiple" allowClear placeholder={flags.length ? '不限' : '本方案未定义标记'} options={flags} optionFilterProp="label" />
          </Form.Item>
        </Col>
        <Col xs={24} md={12} xl={6}>
          <Form.Item label="减免身份（任一）" name={[...name, 'identitiesAny']}>
            <Select mode="multiple" allowClear placeholder="不限" options={identities} optionFilterProp="label" />
          </Form.Item>
        </Col>
      </Row>
    </div>
  );
}

/** Alternatives (OR): a person matches when one set of conditions holds. */
export function SelectorList({ name, path, hint }: { name: TName; path: TName; hint?: string }) {
  return (
    <Form.List name={name}>
      {(fields, { add, remove }, { errors }) => (
        <>
          {hint && <Hint>{hint}</Hint>}
          {fields.map((field, i) => (
            <div key={field.key}>
              {i > 0 && (
                <Divider plain style={{ margin: '6px 0', fontSize: 12 }}>
                  或
                </Divider>
              )}
              <Flex justify="space-between" align="center" style={{ marginBottom: 4 }}>
                <Typography.Text type="secondary" style={{ fontSize: 12 }}>
                  条件组 {i + 1}
                </Typography.Text>
                <Button
                  size="small"
                  type="text"
                  danger
                  icon={<DeleteOutlined />}
                  disabled={fields.length <= 1}
                  aria-label={`删除条件组 ${i + 1}`}
                  onClick={() => remove(field.name)}
                >
                  删除此组
                </Button>
              </Flex>
              <SelectorFields name={[field.name]} path={[...path, field.name]} label="符合条件的人员" />
            </div>
          ))}
          <ListErrors errors={errors} />
          <Button size="small" type="dashed" icon={<PlusOutlined />} style={{ margin: '8px 0 12px' }} onClick={() => add(emptySelector())}>
            添加一组条件（或）
          </Button>
        </>
      )}
    </Form.List>
  );
}
