/** Splits text into deltas of a few words each, whitespace kept, so joining them gives the text back. */
export function chunkText(text: string, wordsPerChunk: number): string[] {
  const words = text.match(/\s*\S+\s*/g) ?? [];
  const chunks: string[] = [];
  for (let i = 0; i < words.length; i += wordsPerChunk) chunks.push(words.slice(i, i + wordsPerChunk).join(''));
  return chunks;
}

/** Yields the chunks `delayMs` apart (the first at once); stops with the signal's reason when aborted. */
export async function* paced(chunks: readonly string[], delayMs: number, signal: AbortSignal): AsyncGenerator<string> {
  for (let i = 0; i < chunks.length; i++) {
    if (i > 0 && delayMs > 0) await sleep(delayMs, signal);
    signal.throwIfAborted();
    yield chunks[i]!;
  }
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
