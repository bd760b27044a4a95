/**
 * An HTTP PUT that asks before it uploads: the headers go first with "Expect: 100-continue", and
 * the body only once the server answers "100 Continue". A server that refuses (a bad token, a name
 * owned by someone else, a version already published) answers at once and the archive is never
 * sent. A server that ignores Expect gets the body after a short wait, as curl does.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

/** How long to wait for "100 Continue" before sending the body anyway. */
const CONTINUE_WAIT_MS = 3000;

export interface PlainResponse {
  status: number;
  statusText: string;
  body: string;
}

function readText(response: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    response.on('data', (chunk: Buffer) => chunks.push(chunk));
    response.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    response.on('error', reject);
  });
}

export function putWithContinue(url: string, headers: Record<string, string>, body: Buffer): Promise<PlainResponse> {
  const target = new URL(url);
  const request = (target.protocol === 'https:' ? httpsRequest : httpRequest)(target, {
    method: 'PUT',
    headers: { ...headers, 'content-length': String(body.length), expect: '100-continue' },
  });
  return new Promise((resolve, reject) => {
    let sent = false;
    const send = () => {
      if (sent) return;
      sent = true;
      clearTimeout(timer);
      request.end(body);
    };
    const timer = setTimeout(send, CONTINUE_WAIT_MS);
    request.on('continue', send);
    request.on('response', (response) => {
      clearTimeout(timer);
      readText(response).then((text) => {
        // answered before the body was asked for: the request is over without it
        if (!sent) request.destroy();
        resolve({ status: response.statusCode ?? 0, statusText: response.statusMessage ?? '', body: text });
      }, reject);
    });
    request.on('error', (error) => {
      clearTimeout(timer);
      reject(error);
    });
  });
}
