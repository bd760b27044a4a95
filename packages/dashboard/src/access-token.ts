/**
 * The dashboard's one secret: a random token in the URL it prints (as Jupyter does). The first
 * request that carries it gets an HttpOnly, SameSite=Strict cookie holding it, so the page, its
 * scripts, images and event stream are then served without the token in every address.
 */
import { randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';

/** One cookie per port: cookies are per host, not per port, so two dashboards must not overwrite each other's. */
export const tokenCookieName = (port: number): string => `faceforge_dashboard_${port}`;

export function newAccessToken(): string {
  return randomBytes(24).toString('base64url');
}

function sameSecret(given: string, token: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(token);
  return a.length === b.length && timingSafeEqual(a, b);
}

function cookieValue(request: IncomingMessage, name: string): string | undefined {
  for (const part of (request.headers.cookie ?? '').split(';')) {
    const [key, ...rest] = part.trim().split('=');
    if (key === name) return rest.join('=');
  }
  return undefined;
}

/** How a request proved it holds the token: in the query (`?token=`), the cookie, or not at all. */
export function tokenProof(request: IncomingMessage, url: URL, token: string, port: number): 'query' | 'cookie' | undefined {
  const query = url.searchParams.get('token');
  if (query !== null && sameSecret(query, token)) return 'query';
  const cookie = cookieValue(request, tokenCookieName(port));
  if (cookie !== undefined && sameSecret(cookie, token)) return 'cookie';
  return undefined;
}

export function tokenCookie(token: string, port: number): string {
  return `${tokenCookieName(port)}=${token}; HttpOnly; SameSite=Strict; Path=/`;
}
