/**
 * Who is a member of which line, as an adapter last heard it: needed to tell a first sighting
 * from a change, to reconcile after a resync, and to know whether the switch counts a completion.
 */
export interface MemberRecord {
  paused: boolean;
  reason: string;
}

export class Memberships {
  readonly #lines = new Map<string, Map<string, MemberRecord>>();
  #size = 0;

  /** @param max memberships held at most: hostile input cannot grow it without bound. */
  constructor(private readonly max = 50_000) {}

  get(line: string, official: string): MemberRecord | undefined {
    return this.#lines.get(line)?.get(official);
  }

  set(line: string, official: string, record: MemberRecord): void {
    let members = this.#lines.get(line);
    if (!members?.has(official)) {
      if (this.#size >= this.max) return;
      this.#size += 1;
    }
    if (!members) this.#lines.set(line, (members = new Map()));
    members.set(official, record);
  }

  remove(line: string, official: string): boolean {
    const members = this.#lines.get(line);
    if (!members?.delete(official)) return false;
    this.#size -= 1;
    if (members.size === 0) this.#lines.delete(line);
    return true;
  }

  clear(): void {
    this.#lines.clear();
    this.#size = 0;
  }

  /** True while the official is a member of at least one line. */
  anywhere(official: string): boolean {
    for (const members of this.#lines.values()) if (members.has(official)) return true;
    return false;
  }

  /** The lines the official is a member of. */
  linesOf(official: string): string[] {
    return [...this.#lines].filter(([, m]) => m.has(official)).map(([line]) => line);
  }

  *entries(): IterableIterator<[string, string, MemberRecord]> {
    for (const [line, members] of this.#lines) {
      for (const [official, record] of members) yield [line, official, record];
    }
  }
}

/** A set that forgets its oldest entries past a size, so hostile input cannot grow it. */
export class BoundedSet {
  readonly #items = new Set<string>();
  constructor(private readonly max: number) {}
  has(item: string): boolean {
    return this.#items.has(item);
  }
  add(item: string): void {
    this.#items.delete(item);
    this.#items.add(item);
    if (this.#items.size > this.max) {
      const oldest = this.#items.values().next().value;
      if (oldest !== undefined) this.#items.delete(oldest);
    }
  }
  delete(item: string): void {
    this.#items.delete(item);
  }
  clear(): void {
    this.#items.clear();
  }
}

/** The key of one membership: line and official. */
export const seatOf = (line: string, official: string): string => `${line}\u0000${official}`;
