// The live stream (GET /api/v1/stream, server-sent events). EventSource cannot send an
// Authorization header, so this reads the stream with fetch and parses the frames itself,
// reconnecting with a growing pause when the connection drops.
import { authHeaders } from './client.ts';

export interface StreamMessage { event: string; data: unknown }

export function openStream(onMessage: (m: StreamMessage) => void, onState: (connected: boolean) => void = () => {}): () => void {
  const ac = new AbortController();
  let pause = 1000;
  const run = async () => {
    while (!ac.signal.aborted) {
      try {
        const r = await fetch('/api/v1/stream', { headers: authHeaders(), signal: ac.signal });
        if (r.status === 401 || r.status === 403 || !r.body) return onState(false);
        onState(true);
        pause = 1000;
        await readFrames(r.body, onMessage);
      } catch {
        // dropped or aborted: retry below unless closed
      }
      onState(false);
      if (ac.signal.aborted) return;
      await new Promise((res) => setTimeout(res, pause));
      pause = Math.min(pause * 2, 30_000);
    }
  };
  void run();
  return () => ac.abort();
}

async function readFrames(body: ReadableStream<Uint8Array>, onMessage: (m: StreamMessage) => void): Promise<void> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let buf = '';
  for (;;) {
    const { value, done } = await reader.read();
    if (done) return;
    buf += decoder.decode(value, { stream: true });
    let end: number;
    while ((end = buf.indexOf('\n\n')) >= 0) {
      const frame = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let event = 'message';
      const data: string[] = [];
      for (const line of frame.split('\n')) {
        if (line.startsWith('event:')) event = line.slice(6).trim();
        else if (line.startsWith('data:')) data.push(line.slice(5).trimStart());
      }
      if (data.length === 0) continue;
      try {
        onMessage({ event, data: JSON.parse(data.join('\n')) });
      } catch {
        // a frame that is not JSON is not ours to show
      }
    }
  }
}
