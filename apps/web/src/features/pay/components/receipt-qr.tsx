import { Skeleton } from 'antd';
import { toDataURL } from 'qrcode';
import { useEffect, useState } from 'react';

/** A QR code of an address (the receipt's own verification page), drawn in the browser. */
export function ReceiptQr({ url, size = 96 }: { url: string; size?: number }) {
  const [src, setSrc] = useState<{ url: string; data: string } | null>(null);
  useEffect(() => {
    let live = true;
    void toDataURL(url, { errorCorrectionLevel: 'M', margin: 1, width: size * 2 }).then((data) => {
      if (live) setSrc({ url, data });
    });
    return () => {
      live = false;
    };
  }, [size, url]);
  if (src?.url !== url) return <Skeleton.Node active style={{ width: size, height: size }} />;
  return <img src={src.data} width={size} height={size} alt={`票据查验二维码：${url}`} data-testid="receipt-qr" style={{ display: 'block', imageRendering: 'pixelated' }} />;
}
