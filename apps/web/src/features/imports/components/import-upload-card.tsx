import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Select, Typography, Upload } from 'antd';
import { errorMessage } from '../../../api/client';
import type { TUnit } from '../../../api/types';
import { ENROLLMENT_KIND, templateUrl, uploadContentType } from '../api';

export interface ImportUploadCardProps {
  /** The agency chooses the unit; a unit operator always imports into their own. */
  chooseUnit: boolean;
  units: TUnit[] | undefined;
  unitsLoading: boolean;
  unitId: string | undefined;
  onUnitChange: (unitId: string | undefined) => void;
  ownUnitName: string | null;
  isUploading: boolean;
  /** A failure before the job existed (creating it); later failures show on the job's panel. */
  error: unknown;
  onFile: (file: File, contentType: string) => void;
}

/** 批量参保登记: what the template holds, where to get it and where to drop the filled-in file. */
export function ImportUploadCard(props: ImportUploadCardProps) {
  const { message } = App.useApp();
  const { chooseUnit, unitId, isUploading } = props;
  const needsUnit = chooseUnit && !unitId;

  const pick = (file: File) => {
    const contentType = uploadContentType(file.name);
    if (!contentType) {
      void message.error(
        file.name.toLowerCase().endsWith('.xls') ? '不支持 .xls 文件：请在 Excel 中另存为 .xlsx 后上传' : '只支持 .xlsx 和 .csv 文件',
      );
    } else if (file.size === 0) {
      void message.error('文件是空的');
    } else {
      props.onFile(file, contentType);
    }
    return Upload.LIST_IGNORE;
  };

  return (
    <Card
      title="批量参保登记"
      style={{ marginBottom: 16 }}
      extra={
        <Button icon={<DownloadOutlined />} href={templateUrl(ENROLLMENT_KIND)} download>
          下载模板
        </Button>
      }
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <Typography.Paragraph style={{ marginTop: 0 }}>
            用《城乡居民参保登记批量参保模板》一次登记多名学生。模板中有两张名单，按南充市通知（南医保〔2023〕5号）“参保与未参保信息文档要区分开”的要求，
            <Typography.Text strong>分开填写，不要混在一张表里</Typography.Text>：
          </Typography.Paragraph>
          <ul style={{ paddingLeft: 20, margin: '0 0 12px' }}>
            <li>
              <Typography.Text strong>参保学生</Typography.Text>：通过本单位参保的学生；
            </li>
            <li>
              <Typography.Text strong>未参保学生</Typography.Text>：不通过本单位参保的学生，须填写未参保原因（如已在户籍地参保、已参加职工医保）。
            </li>
          </ul>
          <Typography.Paragraph type="secondary">
            上传后先逐格核对，并预览新增、更新、转入和有错误的行；确认之后才写入，且全部写入或全部不写入。模板的“填写说明”表列出每一列的填法。
          </Typography.Paragraph>
          {chooseUnit ? (
            <Form layout="vertical" requiredMark>
              <Form.Item label="导入到单位" required style={{ marginBottom: 0 }} htmlFor="import-unit">
                <Select
                  id="import-unit"
                  aria-label="导入到单位"
                  showSearch={{ optionFilterProp: 'label' }}
                  allowClear
                  placeholder="请选择单位"
                  style={{ maxWidth: 360 }}
                  loading={props.unitsLoading}
                  value={unitId}
                  options={(props.units ?? []).map((u) => ({ value: u.id, label: u.name }))}
                  onChange={(v: string | undefined) => props.onUnitChange(v)}
                />
              </Form.Item>
            </Form>
          ) : (
            <Typography.Text>
              导入到：<Typography.Text strong>{props.ownUnitName ?? '本单位'}</Typography.Text>
            </Typography.Text>
          )}
        </Col>
        <Col xs={24} lg={12}>
          <Upload.Dragger
            data-testid="import-upload"
            accept=".xlsx,.csv"
            multiple={false}
            showUploadList={false}
            disabled={needsUnit || isUploading}
            beforeUpload={pick}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{needsUnit ? '请先选择导入到哪个单位' : isUploading ? '正在上传…' : '点击选择文件，或将文件拖到这里'}</p>
            <p className="ant-upload-hint">支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）；文件边上传边核对，核对时不写入任何数据</p>
          </Upload.Dragger>
          {props.error !== null && props.error !== undefined && (
            <Alert type="error" showIcon title="无法开始导入" description={errorMessage(props.error)} style={{ marginTop: 12 }} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
