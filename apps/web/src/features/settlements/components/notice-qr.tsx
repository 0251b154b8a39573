import QRCode from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code as vector SVG (sharp in print), drawn in the browser by the `qrcode` package. */
export function NoticeQr({ value, size = 120 }: { value: string; size?: number }) {
  const [svg, setSvg] = useState<string | null>(null);
  useEffect(() => {
    let live = true;
    QRCode.toString(value, { type: 'svg', margin: 0, errorCorrectionLevel: 'M' })
      .then((s) => live && setSvg(s))
      .catch(() => live && setSvg(null));
    return () => {
      live = false;
    };
  }, [value]);
  if (!svg) return <div style={{ width: size, height: size }} aria-hidden />;
  return (
    <img
      src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(svg)}`}
      width={size}
      height={size}
      alt="扫码缴费二维码"
      data-testid="notice-qr"
      style={{ display: 'block' }}
    />
  );
}
