import { Typography } from 'antd';
import type { ReactNode } from 'react';
import { PHOTO_RULES } from '../kinds';

const { Paragraph, Text } = Typography;

const list = { paddingLeft: 20, margin: '0 0 12px' };

/** 批量参保登记 (Nanchong 001): two lists on two sheets. */
function EnrollmentIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        用《城乡居民参保登记批量参保模板》一次登记多名学生。模板中有两张名单，参保与未参保的人员
        <Text strong>分开填写，不要混在一张表里</Text>：
      </Paragraph>
      <ul style={list}>
        <li>
          <Text strong>参保学生</Text>：通过本单位参保的学生；
        </li>
        <li>
          <Text strong>未参保学生</Text>：不通过本单位参保的学生，须填写未参保原因（如已在户籍地参保、已参加职工医保）。
        </li>
      </ul>
      <Paragraph type="secondary">
        上传后先逐格核对，并预览新增、更新、转入和有错误的行；确认之后才写入，且全部写入或全部不写入。模板的“填写说明”表列出每一列的填法。
      </Paragraph>
    </>
  );
}

/** 减免人员名单 (Suzhou 000 四.5, Nantong 004): identities certified by the departments, matched by number. */
function ExemptionsIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        导入民政、总工会、残联等部门认定的减免身份（如低保人员、特困供养人员、困难残疾学生）。名单由各部门定期提供，参保人员无需再交证明材料。
      </Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>匹配本统筹区已登记的参保人员，姓名须与登记一致；匹配的人员登记减免身份，来源为“部门名单”；
        </li>
        <li>减免类别须是本统筹区参保政策中的类别（填名称或代码），缴费标准据此计算；</li>
        <li>
          尚未登记的人员列为<Text strong>未匹配</Text>，不算错误；已有相同身份的人员无变化，重复导入不会重复登记。
        </li>
      </ul>
    </>
  );
}

/** 毕业及离校学生名单 (Guangzhou 003): the student registry's leavers, flagged for the unit to confirm. */
function LeaversIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        导入学籍系统的毕业生和离校学生名单（毕业、转学、退学等），把已离校的学生标记出来，避免继续为他们申报和扣费。
      </Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>匹配已登记的学生，姓名须与登记一致；匹配的学生<Text strong>标记为离校</Text>
          （离校类型、离校日期），仍留在原单位；
        </li>
        <li>单位在申报确认时核对这些学生，再办理减员，或由新学校接收；</li>
        <li>
          没有登记的学生列为<Text strong>未匹配</Text>；已减员或已有相同离校信息的学生无变化。
        </li>
      </ul>
    </>
  );
}

/** 制卡状态 (Suzhou 000 四.8): the card centre's list of who has a card, whose card is being made, and whose is made. */
function CardStatusIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>导入市民卡中心的制卡名单（未制卡、制卡中、已制卡），更新参保人员的社保卡状态。</Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>匹配已登记的人员，姓名须与登记一致；
        </li>
        <li>
          原先没有卡、名单为<Text strong>已制卡</Text>的，列入所在单位的<Text strong>待领取</Text>名单，单位领卡后登记领取人；
        </li>
        <li>没有登记的人员列为未匹配；状态与登记相同的无变化，重复导入不会重复写入。</li>
      </ul>
    </>
  );
}

/** 职工医保参保人员名单: persons covered by employee insurance, not to be enrolled twice. */
function EmployeeInsuredIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>导入职工基本医疗保险的参保人员名单，避免同一人重复参加城乡居民医保。</Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>列入名单，已登记或尚未登记的人员都列入；
        </li>
        <li>名单内的人员申报城乡居民医保时将被拒绝，并说明原因；</li>
        <li>已在名单中的人员无变化，重复导入不会重复写入。</li>
      </ul>
    </>
  );
}

/** 教育部门在校学生信息 (Beijing 002 五): continuing students prefilled from the department's data. */
function PrefillIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        导入教育部门提供的在校学生信息（姓名、证件号码、学校名称、年级、班级、学籍号）。续保的在校学生无需重新登记，用教育部门的数据核对并更新学籍信息。
      </Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>匹配本统筹区已登记的参保人员，姓名须与登记一致；
        </li>
        <li>
          确认前逐行列出<Text strong>年级、班级、学籍号</Text>与登记不同之处（如“班级 1班 → 3班”），确认后按教育部门的数据更新；名单中空着的单元格不改动登记；
        </li>
        <li>
          学校与登记单位不同的只作<Text strong>提示</Text>，不调整单位：转学请由新学校办理转入；
        </li>
        <li>
          没有登记的学生列为<Text strong>未匹配</Text>，不算错误；信息一致的无变化。
        </li>
      </ul>
    </>
  );
}

/** 制卡照片 (Suzhou 000 四.8): a zip of photos named by ID number, each checked like a single upload. */
function PhotosIntro() {
  const r = PHOTO_RULES;
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        一次上传多名人员的制卡照片：把照片打包成一个 <Text strong>.zip</Text> 压缩包，每张照片以<Text strong>证件号码</Text>命名，如
        <Text code>320508201805090247.jpg</Text>。年满 7 周岁且未领社保卡的人员需要制卡照片。
      </Paragraph>
      <ul style={list}>
        <li>
          照片为 <Text strong>JPEG 或 PNG</Text>，每张不超过 {r.maxMb} MB，至少 {r.minWidth}×{r.minHeight} 像素、最大 {r.maxWidth}×{r.maxHeight} 像素的竖幅证件照（宽不大于高）；
        </li>
        <li>按证件号码匹配已登记的人员：单位只能导入本单位人员的照片，经办机构可导入全统筹区的；已有照片的人员换成新照片；</li>
        <li>
          没有登记的证件号码列为<Text strong>未匹配</Text>；与已有照片完全相同的无变化；格式、大小或尺寸不符的文件列为错误。
        </li>
      </ul>
      <Paragraph type="secondary">
        压缩包中的文件夹可以保留；其他文件（如说明文字）列为错误，可勾选“仅导入无误的行”跳过。
      </Paragraph>
    </>
  );
}

/** 税务/银行已缴费名单 (Nanchong 001 反馈, Nantong 004 渠道): paid lines matched to the declarations. */
function PaidRosterIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        导入税务部门（电子税务局）或银行反馈的已缴费名单，逐笔与参保申报核对，自动登记缴费并开具票据。
      </Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码 + 参保年度 + 金额</Text>匹配已结算的申报：一致的记为<Text strong>已匹配缴费</Text>；
        </li>
        <li>
          <Text strong>金额不符、重复缴费、已缴费未申报、已缴费未结算、无对应人员</Text>的款项同样入账，并列入对账异常，在“对账”页面逐条处理；
        </li>
        <li>
          每笔以<Text strong>电子税票号码</Text>为准，重复导入同一名单不会重复记账（显示为已入账）。
        </li>
        <li>
          个人银行卡代扣文件（“结算单”页面按银行导出）由银行填写交易流水号、缴费时间和<Text strong>扣款结果</Text>后在此导入：扣款失败的行列为
          <Text strong>扣款失败</Text>，不记账，人员仍待缴费。
        </li>
      </ul>
    </>
  );
}

/** 银行代扣结果 (Beijing 002, Guangzhou 003): the bank's answer to the deduction file of unit settlements. */
function DeductionResultIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        导入银行对代扣文件的返回结果：每行一张结算单（结算单号、扣款金额、扣款结果、银行流水号、扣款时间）。代扣文件在“结算单”页面按银行导出。
      </Paragraph>
      <ul style={list}>
        <li>
          扣款成功且金额与结算单应缴一致的，结算单记为<Text strong>已缴费</Text>，单位内人员的申报一并记为已缴费；
        </li>
        <li>
          <Text strong>扣款失败</Text>的结算单不变，可与单位核实账户后重新代扣；
        </li>
        <li>
          <Text strong>金额不符、重复扣款、结算单已作废</Text>的款项照样入账，并列入对账异常，在“对账”页面处理；
        </li>
        <li>
          每笔以<Text strong>银行流水号</Text>为准，重复导入同一文件不会重复记账。
        </li>
      </ul>
    </>
  );
}

/** 未参保原因 (Suzhou 000 四.6): each class teacher's sheet of the pupils not insured, with the family's reason. */
function UninsuredReasonsIntro() {
  return (
    <>
      <Paragraph style={{ marginTop: 0 }}>
        班主任核实未参保学生的原因后，用本模板一次登记全班（或全校）的未参保原因。原因会出现在未参保人员名单和班级参保情况表中。
      </Paragraph>
      <ul style={list}>
        <li>
          按<Text strong>证件号码</Text>匹配本单位在册的学生，姓名须与登记一致；已缴费或已减员的学生不需登记；
        </li>
        <li>未参保原因须是本统筹区该年度列表中的原因（填名称），选择“其他”时须填写原因说明；</li>
        <li>已登记过原因的学生以新的原因替换；与已登记的相同则无变化，重复导入不会重复登记。</li>
      </ul>
    </>
  );
}

const INTROS: Record<string, ReactNode> = {
  uninsured_reasons: <UninsuredReasonsIntro />,
  paid_roster: <PaidRosterIntro />,
  deduction_result: <DeductionResultIntro />,
  enrollment: <EnrollmentIntro />,
  exemptions: <ExemptionsIntro />,
  leavers: <LeaversIntro />,
  prefill: <PrefillIntro />,
  photos: <PhotosIntro />,
  card_status: <CardStatusIntro />,
  employee_insured: <EmployeeInsuredIntro />,
};

/** What a kind's template holds and what its import does, in a few lines. */
export function ImportKindIntro({ kind }: { kind: string }) {
  return INTROS[kind] ?? null;
}
