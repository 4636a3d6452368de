/**
 * Downloads an attachment from the URL Discord gives, with undici (Node's fetch): bounded in time (the whole download,
 * body included) and in size, counted while reading, since the size an attachment declares may not be what comes.
 */
export type Download = { ok: true; bytes: Buffer } | { ok: false; problem: 'too-large' | 'failed' | 'timeout' };

export async function downloadAttachment(url: string, { maxBytes, timeoutMs }: { maxBytes: number; timeoutMs: number }): Promise<Download> {
  const signal = AbortSignal.timeout(timeoutMs);
  try {
    const response = await fetch(url, { signal });
    if (!response.ok || !response.body) {
      await response.body?.cancel();
      return { ok: false, problem: 'failed' };
    }
    if (Number(response.headers.get('content-length') ?? 0) > maxBytes) {
      await response.body.cancel();
      return { ok: false, problem: 'too-large' };
    }
    const chunks: Uint8Array[] = [];
    let size = 0;
    for await (const chunk of response.body) {
      size += chunk.byteLength;
      if (size > maxBytes) return { ok: false, problem: 'too-large' }; // leaving the loop cancels the body
      chunks.push(chunk);
    }
    return { ok: true, bytes: Buffer.concat(chunks) };
  } catch (error) {
    return { ok: false, problem: signal.aborted || (error as Error).name === 'TimeoutError' ? 'timeout' : 'failed' };
  }
}
