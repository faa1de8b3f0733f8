import { useEffect, useReducer, useRef } from 'preact/hooks';

export interface Store<T> {
  get(): T;
  /** Shallow-merges a patch (or the patch a function returns) and notifies subscribers. */
  set(patch: Partial<T> | ((state: T) => Partial<T>)): void;
  subscribe(listener: () => void): () => void;
}

/**
 * A tiny observable state container. State is replaced, never mutated, so components can
 * compare what they selected with `Object.is` and skip renders when nothing they use changed.
 */
export function createStore<T extends object>(initial: T): Store<T> {
  let state = initial;
  const listeners = new Set<() => void>();
  return {
    get: () => state,
    set(patch) {
      const next = typeof patch === 'function' ? patch(state) : patch;
      state = { ...state, ...next };
      for (const listener of [...listeners]) listener();
    },
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
  };
}

/**
 * The selected slice of a store. Selected in render (so a selector may use props), and the
 * component re-renders on a store change only when its slice is no longer `Object.is` equal.
 */
export function useStore<T extends object, S>(store: Store<T>, select: (state: T) => S): S {
  const [, rerender] = useReducer((n: number) => n + 1, 0);
  const value = select(store.get());
  const latest = useRef({ select, value });
  latest.current = { select, value };
  useEffect(() => {
    const check = () => {
      if (!Object.is(latest.current.select(store.get()), latest.current.value)) rerender(0);
    };
    const unsubscribe = store.subscribe(check);
    // Effects run after paint: a change between this render and the subscription is caught here.
    check();
    return unsubscribe;
  }, [store]);
  return value;
}

/** Memoizes a derivation on the identity of its inputs (for selectors that build arrays). */
export function memoize<A extends unknown[], R>(fn: (...args: A) => R): (...args: A) => R {
  let lastArgs: A | undefined;
  let lastResult: R;
  return (...args: A) => {
    if (!lastArgs || args.length !== lastArgs.length || args.some((a, i) => !Object.is(a, lastArgs![i]))) {
      lastArgs = args;
      lastResult = fn(...args);
    }
    return lastResult;
  };
}
