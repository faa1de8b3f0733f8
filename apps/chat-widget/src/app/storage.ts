// localStorage of the widget's own origin (partitioned per embedding site by modern browsers).
// Storage may be off (privacy modes, blocked third-party storage): then nothing is remembered
// across reloads, and the widget still works.

export function load(key: string): string | null {
  try {
    return localStorage.getItem(key);
  } catch {
    return null;
  }
}

export function save(key: string, value: string): void {
  try {
    localStorage.setItem(key, value);
  } catch {
    // nothing to do: see above
  }
}

/** 128 random bits in hex, with a prefix: visitor ids and client message ids. */
export function randomId(prefix: string): string {
  return prefix + Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => (b + 256).toString(16).slice(1)).join('');
}
