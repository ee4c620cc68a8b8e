#!/usr/bin/env node
// The baseline server of `make bench`: Parley's message path (register, create a room, join,
// message -> ack + broadcast with a per-room seq) served by Node's most used WebSocket library,
// npm `ws`, the ordinary way (one `send` per recipient), with no database and nothing
// durable. It takes `parley serve`'s command line (ignoring --db and --threads: Node runs one
// thread) and prints the same startup line, so the benchmarks drive it exactly like parley.
// Loopback only; it stops on SIGTERM.
import http from 'node:http';
import { WebSocketServer } from 'ws';

const arg = (name, fallback) => {
  const at = process.argv.indexOf(name);
  return at >= 0 ? process.argv[at + 1] : fallback;
};
const port = Number(arg('--port', '0'));

const users = new Map(); // token -> { id, username }
const rooms = new Map(); // id -> { seq, sockets: Set<WebSocket> }
let nextUser = 1;
let nextRoom = 1;

function reply(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function tokenOf(req) {
  const auth = req.headers.authorization ?? '';
  if (auth.startsWith('Bearer ')) return auth.slice(7);
  return new URL(req.url, 'http://x').searchParams.get('token') ?? '';
}

const server = http.createServer((req, res) => {
  let body = '';
  req.on('data', (chunk) => (body += chunk));
  req.on('end', () => {
    if (req.method === 'POST' && req.url === '/auth/register') {
      const { username } = JSON.parse(body || '{}');
      const user = { id: nextUser++, username };
      const token = `token-${user.id}`;
      users.set(token, user);
      return reply(res, 201, { user, token });
    }
    if (!users.has(tokenOf(req))) return reply(res, 401, { error: { code: 'unauthorized', message: 'sign in' } });
    if (req.method === 'POST' && req.url === '/groups') {
      const id = nextRoom++;
      rooms.set(id, { seq: 0, sockets: new Set() });
      return reply(res, 201, { id, name: JSON.parse(body || '{}').name });
    }
    reply(res, 404, { error: { code: 'not_found', message: 'no such route' } });
  });
});

const wss = new WebSocketServer({ noServer: true, perMessageDeflate: false });
server.on('upgrade', (req, socket, head) => {
  const user = users.get(tokenOf(req));
  if (!user) return socket.destroy();
  wss.handleUpgrade(req, socket, head, (ws) => serve(ws, user));
});

function serve(ws, user) {
  const joined = new Set();
  ws.on('message', (data) => {
    let request;
    try {
      request = JSON.parse(data.toString());
    } catch {
      return ws.send(JSON.stringify({ type: 'error', code: 'invalid_message', message: 'not JSON' }));
    }
    const room = rooms.get(Number(request.roomId));
    if (!room) return ws.send(JSON.stringify({ type: 'error', code: 'room_not_found', message: 'no room' }));
    if (request.type === 'join') {
      room.sockets.add(ws);
      joined.add(room);
      const roomId = Number(request.roomId);
      return ws.send(JSON.stringify({ type: 'joined', roomId, members: [], history: [], hasMore: false, lastSeq: room.seq }));
    }
    if (request.type === 'message') {
      const seq = ++room.seq;
      const roomId = Number(request.roomId);
      const message = { id: seq, roomId, seq, sender: user.username, senderId: user.id, text: request.text, ts: Date.now() };
      ws.send(JSON.stringify({ type: 'ack', roomId, clientMsgId: null, id: seq, seq, ts: message.ts }));
      const frame = JSON.stringify({ type: 'message', roomId, message });
      for (const socket of room.sockets) socket.send(frame);
    }
  });
  ws.on('close', () => {
    for (const room of joined) room.sockets.delete(ws);
  });
}

server.listen(port, '127.0.0.1', () => {
  console.log(`ws-baseline listening on http://127.0.0.1:${server.address().port}`);
});
process.on('SIGTERM', () => process.exit(0));
