/**
 * Members the reference data does not map arrive under their switch names, which can be people's
 * names. Roles that manage the mapping (mapping:read) see them as they are; every other role sees
 * the member's interface when that is what the switch named it by (`PJSIP/2002`), else a stable
 * pseudonymous label. Applied where snapshots and deltas leave the server, per role.
 */
import { createHmac, randomBytes } from "node:crypto";
import type { Delta, OfficialView, Snapshot } from "../../../shared/snapshot.ts";
import type { Patch } from "../../../shared/views/types.ts";
import type { Role } from "../../../shared/wire.ts";
import { can } from "../../gateway/access.ts";

/** Ids of unmapped members remembered to mask alerts that name them; bounded. */
const MAX_REMEMBERED = 10_000;

export class UnmappedMembers {
  readonly #key: Buffer;
  readonly #unknown = new Set<string>();

  constructor(key: Buffer = randomBytes(32)) {
    this.#key = key;
  }

  /** What a role without mapping:read sees in place of an unmapped member's id and name. */
  label(id: string): string {
    if (id.includes("/")) return id;
    return `member-${createHmac("sha256", this.#key).update(id).digest("hex").slice(0, 8)}`;
  }

  /** The snapshot as this role may see it. */
  snapshotFor(role: Role, snapshot: Snapshot): Snapshot {
    this.#remember(snapshot.officials);
    if (can(role, "mapping:read")) return snapshot;
    return {
      ...snapshot,
      officials: this.#officials(snapshot.officials),
      alerts: this.#alerts(snapshot.alerts),
    };
  }

  /** The delta as this role may see it; call once per delta and role kind, not per socket. */
  deltaFor(role: Role, delta: Delta): Delta {
    if (delta.officials) this.#remember(delta.officials);
    if (can(role, "mapping:read")) return delta;
    return {
      ...delta,
      ...(delta.officials ? { officials: this.#officials(delta.officials) } : {}),
      ...(delta.alerts ? { alerts: this.#alerts(delta.alerts) } : {}),
    };
  }

  /**
   * A delta's official carries `known` only when it first appears (then with every field); a
   * member once seen unmapped stays so, and is remembered by id.
   */
  #remember(officials: readonly Patch<OfficialView>[]): void {
    for (const official of officials) {
      if (official.known !== false || this.#unknown.has(official.id)) continue;
      if (this.#unknown.size >= MAX_REMEMBERED) this.#unknown.clear();
      this.#unknown.add(official.id);
    }
  }

  #officials<T extends Patch<OfficialView>>(officials: T[]): T[] {
    if (!officials.some((official) => this.#unknown.has(official.id))) return officials;
    return officials.map((official) => {
      if (!this.#unknown.has(official.id)) return official;
      const label = this.label(official.id);
      return { ...official, id: label, ...(official.name !== undefined ? { name: label } : {}) };
    });
  }

  #alerts(alerts: Snapshot["alerts"]): Snapshot["alerts"] {
    if (!alerts.some((alert) => alert.official && this.#unknown.has(alert.official))) return alerts;
    return alerts.map((alert) =>
      alert.official && this.#unknown.has(alert.official)
        ? { ...alert, official: this.label(alert.official) }
        : alert,
    );
  }
}
