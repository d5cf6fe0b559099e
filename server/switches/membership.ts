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

  get(line: string, official: string): MemberRecord | undefined {
    return this.#lines.get(line)?.get(official);
  }

  set(line: string, official: string, record: MemberRecord): void {
    let members = this.#lines.get(line);
    if (!members) this.#lines.set(line, (members = new Map()));
    members.set(official, record);
  }

  remove(line: string, official: string): boolean {
    return this.#lines.get(line)?.delete(official) ?? false;
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
