import QRCode from 'qrcode';

/**
 * The QR code of an `openid4vp://` link as SVG. About 2 ms of CPU each, so it is drawn only
 * where someone will look at it: the consumers' pages, the `qr.svg` endpoint, and API callers
 * that ask for `include_qr_svg`.
 */
export function renderQrSvg(openid4vpUrl: string): Promise<string> {
  return QRCode.toString(openid4vpUrl, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
