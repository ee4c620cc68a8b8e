// A stand-in for the browser's WebSocket that a test drives by hand, playing the server.
import type { ClientRequest, ServerEvent } from '../protocol';
import type { SocketLike } from '../session-socket';
import { assertAllowed } from './protocol-schema';

export class FakeSocket implements SocketLike {
  readyState: WebSocket['readyState'] = 0;
  /** Every request the client sent, parsed (each checked against the protocol's schema). */
  readonly sent: ClientRequest[] = [];
  closedWith: number | null = null;
  onopen: ((event: Event) => void) | null = null;
  onclose: ((event: CloseEvent) => void) | null = null;
  onmessage: ((event: MessageEvent) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;

  constructor(readonly url: string) {}

  send(data: string): void {
    if (this.readyState !== 1) throw new Error('send on a socket that is not open');
    const request: unknown = JSON.parse(data);
    assertAllowed('request', request);
    this.sent.push(request as ClientRequest);
  }

  close(code = 1000): void {
    this.closedWith = code;
    this.readyState = 3;
  }

  /** The server accepts the connection. */
  open(): void {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** The server sends one event (which must be one the protocol's schema allows). */
  receive(event: ServerEvent): void {
    assertAllowed('event', event);
    this.onmessage?.(new MessageEvent('message', { data: JSON.stringify(event) }));
  }

  /** The server sends a raw frame, unchecked (for what a broken server might send). */
  receiveRaw(data: string): void {
    this.onmessage?.(new MessageEvent('message', { data }));
  }

  /** The connection ends from the server's side (or fails to open). */
  drop(code = 1006): void {
    this.readyState = 3;
    this.onclose?.(new CloseEvent('close', { code }));
  }

  /** The requests of one type, in order. */
  sentOfType<T extends ClientRequest['type']>(type: T): Extract<ClientRequest, { type: T }>[] {
    return this.sent.filter((r): r is Extract<ClientRequest, { type: T }> => r.type === type);
  }
}

/** Makes FakeSockets and remembers them in order. */
export class FakeServer {
  readonly sockets: FakeSocket[] = [];
  readonly createSocket = (url: string): FakeSocket => {
    const socket = new FakeSocket(url);
    this.sockets.push(socket);
    return socket;
  };

  latest(): FakeSocket {
    const socket = this.sockets[this.sockets.length - 1];
    if (!socket) throw new Error('no socket was opened');
    return socket;
  }
}
