/**
 * Server-Sent Events: every open page holds one `GET /api/events` stream and gets each event as
 * one `data:` line of JSON. A comment line every 15 s keeps proxies and idle timeouts from closing it.
 */
import type { ServerResponse } from 'node:http';
import type { DashboardEvent } from './api/api-types.js';

export type { DashboardEvent };

export class EventHub {
  private readonly clients = new Set<ServerResponse>();
  private readonly heartbeat: NodeJS.Timeout;

  constructor() {
    this.heartbeat = setInterval(() => {
      for (const client of this.clients) client.write(': keep-alive\n\n');
    }, 15_000);
    this.heartbeat.unref();
  }

  attach(response: ServerResponse): void {
    response.writeHead(200, { 'content-type': 'text/event-stream; charset=utf-8', 'cache-control': 'no-store', connection: 'keep-alive' });
    response.write('retry: 2000\n\n');
    this.clients.add(response);
    response.on('close', () => this.clients.delete(response));
  }

  publish(event: DashboardEvent): void {
    const text = `data: ${JSON.stringify(event)}\n\n`;
    for (const client of this.clients) client.write(text);
  }

  close(): void {
    clearInterval(this.heartbeat);
    for (const client of this.clients) client.end();
    this.clients.clear();
  }
}
