/**
 * Fakes only `Date`, which client-node times token files and exec
 * credentials by; timers and I/O stay real. Returns a function that moves
 * the clock on. Undo with `jest.useRealTimers()`.
 */
export function fakeDateOnly(): (ms: number) => void {
  jest.useFakeTimers({
    doNotFake: [
      'nextTick',
      'setImmediate',
      'clearImmediate',
      'setTimeout',
      'clearTimeout',
      'setInterval',
      'clearInterval',
      'queueMicrotask',
      'hrtime',
      'performance',
    ],
  });
  return ms => jest.setSystemTime(Date.now() + ms);
}
