/**
 * A fake OpenAI-compatible chat-completions server on 127.0.0.1 (what Ollama, llama-server, vLLM and OpenAI serve),
 * scripted per test: each request gets the next reply of the script (the last one repeats). It streams server-sent
 * events when the request asks for a stream and answers with one JSON body otherwise, and records every request.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';

export type FakeReply =
  /** The answer, sent in `chunks` pieces (streamed) or whole (not streamed), `delayMs` apart. */
  | { kind: 'answer'; text: string; chunks?: number; delayMs?: number }
  /** An HTTP error status with an OpenAI-style error body (429 carries Retry-After: 0). */
  | { kind: 'status'; status: number }
  /** Headers sent, then nothing for `ms` (a model stuck mid-answer). */
  | { kind: 'stall'; ms: number }
  /** A stream whose chunks are not JSON. */
  | { kind: 'malformed' };

export interface ChatRequest {
  model: string;
  stream?: boolean;
  max_tokens?: number;
  messages: { role: string; content: string }[];
}

export interface FakeLlm {
  baseUrl: string;
  requests: ChatRequest[];
  /** Replaces the script and forgets the requests so far; the next request gets the first reply. */
  script(...replies: FakeReply[]): void;
  close(): Promise<void>;
}

export async function startFakeLlm(...replies: FakeReply[]): Promise<FakeLlm> {
  let script = replies;
  let next = 0;
  const requests: ChatRequest[] = [];
  const timers = new Set<NodeJS.Timeout>();
  const wait = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        timers.delete(timer);
        resolve();
      }, ms);
      timers.add(timer);
    });

  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString('utf8')));
    req.on('end', () => {
      if (req.method !== 'POST' || !req.url?.endsWith('/chat/completions')) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: { message: `no route ${req.method} ${req.url}` } }));
        return;
      }
      const request = JSON.parse(body) as ChatRequest;
      requests.push(request);
      const reply = script[Math.min(next++, script.length - 1)] ?? { kind: 'status', status: 500 };
      void respond(request, reply, res).catch(() => res.destroy());
    });
  });

  async function respond(request: ChatRequest, reply: FakeReply, res: http.ServerResponse): Promise<void> {
    if (reply.kind === 'status') {
      res.writeHead(reply.status, { 'content-type': 'application/json', ...(reply.status === 429 ? { 'retry-after': '0' } : {}) });
      res.end(JSON.stringify({ error: { message: `scripted ${reply.status}`, type: 'server_error', code: null } }));
      return;
    }
    if (!request.stream && reply.kind === 'answer') {
      await wait(reply.delayMs ?? 0);
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify(completion(request.model, reply.text)));
      return;
    }
    res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache' });
    const send = (data: string) => res.write(`data: ${data}\n\n`);
    if (reply.kind === 'stall') {
      send(JSON.stringify(chunk(request.model, { role: 'assistant', content: '' })));
      await wait(reply.ms);
    } else if (reply.kind === 'malformed') {
      send(JSON.stringify(chunk(request.model, { role: 'assistant', content: 'QLoRA ' })));
      send('{"choices": [ {"delta": {"content": "cut off');
      send('not json at all');
    } else {
      for (const piece of pieces(reply.text, reply.chunks ?? 8)) {
        send(JSON.stringify(chunk(request.model, { content: piece })));
        await wait(reply.delayMs ?? 0);
      }
      send(JSON.stringify({ ...chunk(request.model, {}), choices: [{ index: 0, delta: {}, finish_reason: 'stop' }] }));
    }
    res.end('data: [DONE]\n\n');
  }

  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    baseUrl: `http://127.0.0.1:${port}/v1`,
    requests,
    script(...replies) {
      script = replies;
      next = 0;
      requests.length = 0;
    },
    async close() {
      for (const timer of timers) clearTimeout(timer);
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/**
 * A base URL nothing listens on: port 1, which no test server can be given. A port the system just gave out and took
 * back could be given next to a fake Discord or model in another suite running at the same time, which then received
 * the "refused" requests (seen once in npm test, failing both suites).
 */
export const REFUSED_BASE_URL = 'http://127.0.0.1:1/v1';

function pieces(text: string, count: number): string[] {
  const chars = [...text];
  const size = Math.max(1, Math.ceil(chars.length / count));
  const out: string[] = [];
  for (let i = 0; i < chars.length; i += size) out.push(chars.slice(i, i + size).join(''));
  return out;
}

function chunk(model: string, delta: Record<string, unknown>) {
  return { id: 'chatcmpl-fake', object: 'chat.completion.chunk', created: 0, model, choices: [{ index: 0, delta, finish_reason: null }] };
}

function completion(model: string, content: string) {
  return {
    id: 'chatcmpl-fake',
    object: 'chat.completion',
    created: 0,
    model,
    choices: [{ index: 0, message: { role: 'assistant', content }, finish_reason: 'stop' }],
    usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
  };
}
