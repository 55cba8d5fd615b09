import { useEffect, useRef, useState } from 'preact/hooks';
import { t } from '../i18n';

interface DetectedBarcode {
  rawValue: string;
}
interface BarcodeDetectorLike {
  detect(source: HTMLVideoElement): Promise<DetectedBarcode[]>;
}
type BarcodeDetectorConstructor = new (options: { formats: string[] }) => BarcodeDetectorLike;

function detectorClass(): BarcodeDetectorConstructor | undefined {
  return (globalThis as unknown as { BarcodeDetector?: BarcodeDetectorConstructor }).BarcodeDetector;
}

/** Only where the browser can both use the camera and read QR codes (Shape Detection API). */
export function canScanQr(): boolean {
  return detectorClass() !== undefined && !!navigator.mediaDevices?.getUserMedia;
}

/**
 * Reads a QR code with the camera and hands over its text (an offer or request link). The
 * person can always paste the link instead; this button only appears where scanning works.
 */
export function QrScanner(props: { onResult: (text: string) => void; accept: (text: string) => boolean }) {
  const [active, setActive] = useState(false);
  const [error, setError] = useState<string | undefined>();
  const video = useRef<HTMLVideoElement>(null);

  useEffect(() => {
    if (!active) return;
    let stream: MediaStream | undefined;
    let stopped = false;
    const Detector = detectorClass()!;
    const detector = new Detector({ formats: ['qr_code'] });
    (async () => {
      try {
        stream = await navigator.mediaDevices.getUserMedia({ video: { facingMode: 'environment' } });
        if (!video.current) return;
        video.current.srcObject = stream;
        await video.current.play();
        while (!stopped) {
          const codes = await detector.detect(video.current);
          const hit = codes.find((c) => props.accept(c.rawValue));
          if (hit) {
            props.onResult(hit.rawValue);
            setActive(false);
            return;
          }
          await new Promise((r) => setTimeout(r, 250));
        }
      } catch {
        setError(t('cameraUnavailable'));
        setActive(false);
      }
    })();
    return () => {
      stopped = true;
      stream?.getTracks().forEach((track) => track.stop());
    };
  }, [active]);

  if (!canScanQr()) return null;
  return (
    <div class="qr-scanner">
      <button type="button" class="button" aria-pressed={active} onClick={() => setActive(!active)}>
        {active ? t('stopScanning') : t('scanQr')}
      </button>
      {error && <p role="alert">{error}</p>}
      {active && <video ref={video} class="qr-video" muted playsInline aria-label={t('scanQr')} />}
    </div>
  );
}
