import { DownloadOutlined, InboxOutlined } from '@ant-design/icons';
import { Alert, App, Button, Card, Col, Form, Row, Select, Typography, Upload } from 'antd';
import { errorMessage } from '../../../api/client';
import type { TUnit } from '@canbao/domain';
import { templateUrl, uploadContentType } from '../api';
import { PHOTO_RULES, type TImportKindInfo } from '../kinds';
import { ImportKindIntro } from './import-kind-intro';

export interface ImportUploadCardProps {
  /** The kinds this user may import; more than one shows them as tabs. */
  kinds: readonly TImportKindInfo[];
  kind: TImportKindInfo;
  onKindChange: (code: string) => void;
  /** The agency chooses the unit of a unit's kind; a unit operator always imports into their own. */
  chooseUnit: boolean;
  units: TUnit[] | undefined;
  unitsLoading: boolean;
  unitId: string | undefined;
  onUnitChange: (unitId: string | undefined) => void;
  ownUnitName: string | null;
  /** A region-wide kind covers the whole region. */
  regionName: string;
  isUploading: boolean;
  /** A failure before the job existed (creating it); later failures show on the job's panel. */
  error: unknown;
  onFile: (file: File, contentType: string) => void;
}

/** Why a file is refused before upload: an old .xls, a sheet for the photos, a zip for a sheet kind. */
function refusal(fileName: string, isZip: boolean): string {
  const lower = fileName.toLowerCase();
  if (isZip) return '制卡照片请打包为 .zip 文件上传（照片以证件号码命名）';
  if (lower.endsWith('.xls')) return '不支持 .xls 文件：请在 Excel 中另存为 .xlsx 后上传';
  if (lower.endsWith('.zip')) return '只支持 .xlsx 和 .csv 文件；照片压缩包请在“制卡照片”中上传';
  return '只支持 .xlsx 和 .csv 文件';
}

/** Where the import writes: the unit, the whole region, or (photos sent by a unit) the unit's own persons. */
function ImportScope(props: Pick<ImportUploadCardProps, 'kind' | 'chooseUnit' | 'regionName' | 'ownUnitName'>) {
  const { kind, regionName } = props;
  const region = <Typography.Text strong>全统筹区（{regionName}）</Typography.Text>;
  if (!kind.agencyOnly && !props.chooseUnit) {
    return (
      <Typography.Text data-testid="import-scope">
        导入范围：<Typography.Text strong>{props.ownUnitName ?? '本单位'}</Typography.Text>登记的人员；其他单位人员的照片会列为错误
      </Typography.Text>
    );
  }
  if (!kind.agencyOnly) {
    return (
      <Typography.Text data-testid="import-scope">
        导入范围：{region}，不分单位；单位经办员也可导入本单位人员的照片
      </Typography.Text>
    );
  }
  return (
    <Typography.Text data-testid="import-scope">
      导入范围：{region}，{kind.collectorsMay ? '由经办机构或税务、银行征收人员导入' : '由经办机构导入'}，不分单位
    </Typography.Text>
  );
}

/** The kinds, what each template holds, where to get it, the unit (for a unit's kind) and where to drop the file. */
export function ImportUploadCard(props: ImportUploadCardProps) {
  const { message } = App.useApp();
  const { kinds, kind, chooseUnit, unitId, isUploading } = props;
  const needsUnit = chooseUnit && kind.needsUnit && !unitId;

  const pick = (file: File) => {
    const contentType = uploadContentType(file.name, kind.isZip);
    if (!contentType) {
      void message.error(refusal(file.name, kind.isZip ?? false));
    } else if (file.size === 0) {
      void message.error('文件是空的');
    } else {
      props.onFile(file, contentType);
    }
    return Upload.LIST_IGNORE;
  };

  // A zip of photos has no template: the intro says how to name the files.
  const download = kind.isZip ? null : (
    <Button icon={<DownloadOutlined />} href={templateUrl(kind.code)} download aria-label={`下载${kind.name}模板`}>
      下载模板
    </Button>
  );
  const tabs = kinds.length > 1;

  return (
    <Card
      data-testid="import-upload-card"
      style={{ marginBottom: 16 }}
      {...(tabs
        ? {
            tabList: kinds.map((k) => ({ key: k.code, label: k.name })),
            activeTabKey: kind.code,
            onTabChange: props.onKindChange,
            tabBarExtraContent: download,
          }
        : { title: kind.name, extra: download })}
    >
      <Row gutter={[24, 16]}>
        <Col xs={24} lg={12}>
          <ImportKindIntro kind={kind.code} />
          {!kind.needsUnit ? (
            <ImportScope kind={kind} chooseUnit={chooseUnit} regionName={props.regionName} ownUnitName={props.ownUnitName} />
          ) : chooseUnit ? (
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
            accept={kind.isZip ? '.zip' : '.xlsx,.csv'}
            multiple={false}
            showUploadList={false}
            disabled={needsUnit || isUploading}
            beforeUpload={pick}
          >
            <p className="ant-upload-drag-icon">
              <InboxOutlined />
            </p>
            <p className="ant-upload-text">{needsUnit ? '请先选择导入到哪个单位' : isUploading ? '正在上传…' : '点击选择文件，或将文件拖到这里'}</p>
            <p className="ant-upload-hint" data-testid="import-upload-hint">
              {kind.isZip
                ? `只支持 .zip 压缩包：内含以证件号码命名的 JPEG 或 PNG 照片（每张不超过 ${PHOTO_RULES.maxMb} MB、至少 ${PHOTO_RULES.minWidth}×${PHOTO_RULES.minHeight} 像素）；核对时不写入任何数据`
                : '支持 .xlsx 和 .csv（UTF-8 或 GBK 编码）；文件边上传边核对，核对时不写入任何数据'}
            </p>
          </Upload.Dragger>
          {props.error !== null && props.error !== undefined && (
            <Alert type="error" showIcon title="无法开始导入" description={errorMessage(props.error)} style={{ marginTop: 12 }} />
          )}
        </Col>
      </Row>
    </Card>
  );
}
