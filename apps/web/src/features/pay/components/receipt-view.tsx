import { PAYMENT_CHANNEL_NAMES, type TReceipt } from '@canbao/domain';
import { Tag } from 'antd';
import { formatDate, formatDateTime } from '../../../lib/datetime';
import { formatYuan } from '../../../lib/money';
import { fenToChineseCapital } from '../capital-amount';
import { receiptVerifyUrl } from '../pay-links';
import { ReceiptQr } from './receipt-qr';
import './receipt.css';

/** 电子票据 as the family keeps it: issuer, number, code, payer, insured person, amount in figures and in 大写. */
export function ReceiptView({ receipt, origin = window.location.origin }: { receipt: TReceipt; origin?: string }) {
  const amount = formatYuan(receipt.amountFen, { unit: false });
  return (
    <div className="cb-receipt" data-testid="receipt-view">
      <h2 className="cb-receipt-title">城乡居民基本医疗保险费电子票据</h2>
      <div className="cb-receipt-title-rule" />
      <div className="cb-receipt-head">
        <dl>
          <dt>票据号码</dt>
          <dd data-testid="receipt-number">{receipt.number}</dd>
          <dt>校验码</dt>
          <dd data-testid="receipt-code">{receipt.verifyCode}</dd>
          <dt>开票日期</dt>
          <dd>{formatDate(receipt.issuedAt)}</dd>
          <dt>票据状态</dt>
          <dd>
            {receipt.valid ? (
              <Tag color="success" data-testid="receipt-valid" style={{ marginInlineEnd: 0 }}>
                有效
              </Tag>
            ) : (
              <Tag color="error" data-testid="receipt-valid" style={{ marginInlineEnd: 0 }}>
                已作废
              </Tag>
            )}
          </dd>
        </dl>
        <ReceiptQr url={receiptVerifyUrl(origin, receipt.number, receipt.verifyCode)} />
      </div>
      <div className="cb-receipt-grid">
        <div className="cb-receipt-label">缴款人</div>
        <div>{receipt.payerName ?? receipt.personName}</div>
        <div className="cb-receipt-label">参保年度</div>
        <div>{receipt.year} 年度</div>
        <div className="cb-receipt-label">参保人</div>
        <div data-testid="receipt-person">{receipt.personName}</div>
        <div className="cb-receipt-label">身份证号码</div>
        <div style={{ fontVariantNumeric: 'tabular-nums' }}>{receipt.documentNumber}</div>
        <div className="cb-receipt-label">代办单位</div>
        <div className="cb-receipt-wide">{receipt.unitName ?? '—'}</div>
        <div className="cb-receipt-label">项目名称</div>
        <div className="cb-receipt-wide">城乡居民基本医疗保险费（个人缴费）</div>
        <div className="cb-receipt-label">金额（大写）</div>
        <div className="cb-receipt-amount" data-testid="receipt-capital">
          {fenToChineseCapital(receipt.amountFen)}
        </div>
        <div className="cb-receipt-label">金额（小写）</div>
        <div className="cb-receipt-amount" data-testid="receipt-amount">
          ¥{amount}
        </div>
        <div className="cb-receipt-label">缴费渠道</div>
        <div>{PAYMENT_CHANNEL_NAMES[receipt.channel] ?? receipt.channel}</div>
        <div className="cb-receipt-label">缴费时间</div>
        <div>{formatDateTime(receipt.paidAt)}</div>
      </div>
      <div className="cb-receipt-foot">
        <div>
          <div>收款单位（开票单位）：</div>
          <div style={{ fontWeight: 600, marginTop: 2 }} data-testid="receipt-issuer">
            {receipt.issuer}
          </div>
          <div style={{ color: '#8a919f', marginTop: 6, fontSize: 12 }}>扫描右上角二维码或在本页输入票据号码和校验码可查验真伪。</div>
        </div>
        <div className="cb-receipt-seal" aria-hidden>
          {receipt.issuer}
          <br />
          票据专用章
        </div>
      </div>
      {!receipt.valid && <div className="cb-receipt-void">已作废</div>}
    </div>
  );
}
