/**
 * How the simulated Asterisk names the reference data's lines and officials, as a province's
 * switch would: a queue per line (`q111-mashhad`), a `Local/NNNN@agents/n` member per official
 * with its Persian name as MemberName and a `Custom:agentNNNN` state interface, as in the
 * recordings. The mapping is the switch map file samad-live is given (data/switch-map.json form).
 */
import type { Reference } from "../../../shared/reference.ts";
import type { SwitchMapData } from "../../../server/switches/switch-map.ts";

export interface MemberPlan {
  official: string;
  iface: string;
  stateInterface: string;
  name: string;
}

export class SwitchPlan {
  readonly #queueOfLine = new Map<string, string>();
  readonly #lineOfQueue = new Map<string, string>();
  readonly #members = new Map<string, MemberPlan>();
  readonly #byInterface = new Map<string, MemberPlan>();

  constructor(reference: Reference) {
    for (const line of reference.lines) {
      const queue = `q111-${line.id}`;
      this.#queueOfLine.set(line.id, queue);
      this.#lineOfQueue.set(queue, line.id);
    }
    reference.officials.forEach((official, i) => {
      const extension = 1001 + i;
      const member: MemberPlan = {
        official: official.id,
        iface: `Local/${extension}@agents/n`,
        stateInterface: `Custom:agent${extension}`,
        name: official.fa,
      };
      this.#members.set(official.id, member);
      this.#byInterface.set(member.iface.toLowerCase(), member);
    });
  }

  queueOf(line: string): string {
    return this.#queueOfLine.get(line) ?? line;
  }

  lineOf(queue: string): string | undefined {
    return this.#lineOfQueue.get(queue);
  }

  queues(): string[] {
    return [...this.#lineOfQueue.keys()];
  }

  member(official: string): MemberPlan {
    const member = this.#members.get(official);
    if (!member) throw new Error(`no switch member planned for official ${official}`);
    return member;
  }

  /** The member an action names by its interface, however the action spells the device. */
  byInterface(iface: string): MemberPlan | undefined {
    return this.#byInterface.get(iface.trim().toLowerCase());
  }

  /** The switch map samad-live reads (SWITCH_MAP): queue → line, interface → official. */
  switchMap(): SwitchMapData {
    return {
      lines: Object.fromEntries(this.#lineOfQueue),
      officials: Object.fromEntries(
        [...this.#members.values()].map((m) => [
          m.iface,
          { official: m.official, stateInterface: m.stateInterface },
        ]),
      ),
    };
  }
}
