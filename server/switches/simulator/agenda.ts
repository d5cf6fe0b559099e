/** The simulation's agenda: actions ordered by time, then by the order they were scheduled. */

interface Entry {
  at: number;
  order: number;
  run: () => void;
}

export class Agenda {
  #heap: Entry[] = [];
  #order = 0;

  schedule(at: number, run: () => void): void {
    const entry = { at, order: this.#order++, run };
    const heap = this.#heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(entry, heap[parent] as Entry)) break;
      heap[i] = heap[parent] as Entry;
      i = parent;
    }
    heap[i] = entry;
  }

  peekTime(): number | null {
    return this.#heap[0]?.at ?? null;
  }

  pop(): Entry | null {
    const heap = this.#heap;
    const top = heap[0];
    const last = heap.pop();
    if (!top || !last) return null;
    if (heap.length === 0) return top;
    let i = 0;
    for (;;) {
      const left = 2 * i + 1;
      const right = left + 1;
      let smallest = last;
      let at = -1;
      if (left < heap.length && before(heap[left] as Entry, smallest)) {
        smallest = heap[left] as Entry;
        at = left;
      }
      if (right < heap.length && before(heap[right] as Entry, smallest)) {
        smallest = heap[right] as Entry;
        at = right;
      }
      if (at < 0) break;
      heap[i] = smallest;
      i = at;
    }
    heap[i] = last;
    return top;
  }

  get size(): number {
    return this.#heap.length;
  }
}

function before(a: Entry, b: Entry): boolean {
  return a.at < b.at || (a.at === b.at && a.order < b.order);
}
