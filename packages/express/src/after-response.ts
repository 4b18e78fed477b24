import type { ServerResponse } from 'node:http';

/**
 * Runs `fn` once, when the response has been sent or the connection closed before that: work
 * that must not delay the answer (the report hook) waits for it.
 * @example afterResponse(res, () => deliverReport(reporter, report, logger));
 */
export function afterResponse(res: ServerResponse, fn: () => void): void {
  let done = false;
  const once = (): void => {
    if (done) return;
    done = true;
    res.off('finish', once);
    res.off('close', once);
    fn();
  };
  // 'finish' when the last byte is handed to the OS; 'close' also covers a client that hung up.
  res.once('finish', once);
  res.once('close', once);
}
