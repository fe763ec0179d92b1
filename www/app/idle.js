// Whether the page is busy (analyzing, drawing): the end-to-end tests and the
// benchmark wait for it to be idle before they look.

let pending = 0;
const waiters = [];

/** +1 when work starts, -1 when it ends. */
export function busy(delta) {
  pending += delta;
  if (pending <= 0) {
    pending = 0;
    while (waiters.length) waiters.shift()();
  }
}

/** Resolves once no work is pending (checked after the current task). */
export function idle() {
  return new Promise((resolve) => {
    const check = () => (pending === 0 ? resolve() : waiters.push(check));
    setTimeout(check, 0);
  });
}
