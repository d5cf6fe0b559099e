/**
 * The factory of the two Asterisk adapters, for the composition root: `SWITCH=ami://…` or
 * `SWITCH=queuelog:PATH`. It loads the mapping file (plus officials.json's `switchNames`) and
 * builds the caller pseudonymizer; a bad mapping file stops the start naming file, entry, field.
 */
import { randomBytes } from "node:crypto";
import type { Reference } from "../../shared/reference.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { AmiAdapter, type AmiAdapterOptions } from "./ami/adapter.ts";
import { createPseudonymizer } from "./pseudonym.ts";
import { QueueLogAdapter, type QueueLogAdapterOptions } from "./queuelog/adapter.ts";
import { loadSwitchMap } from "./switch-map.ts";
import type { SwitchAdapter } from "./switch-adapter.ts";

export type AsteriskSetting = { kind: "ami"; url: string } | { kind: "queuelog"; path: string };

export interface AsteriskDeps {
  reference: Reference;
  /** data/switch-map.json (queue → line, member interface or name → official). */
  mapFile: string;
  /** Key of the caller pseudonyms; null: a random one for this process. */
  callerIdKey: string | null;
  counters: Counters;
  log: Logger;
  /** Asterisk's shared_lastcall (queues.conf). @default true */
  sharedLastcall?: boolean;
  /** Connection timings (AMI) or polling (queue_log); the defaults suit production. */
  ami?: AmiAdapterOptions["client"];
  queueLog?: QueueLogAdapterOptions["follower"];
}

export async function createAsteriskSwitch(
  setting: AsteriskSetting,
  deps: AsteriskDeps,
): Promise<SwitchAdapter> {
  const map = await loadSwitchMap(deps.mapFile, deps.reference.officials);
  const pseudonym = createPseudonymizer(deps.callerIdKey ?? randomBytes(32).toString("hex"));
  const common = {
    map,
    pseudonym,
    counters: deps.counters,
    log: deps.log,
    ...(deps.sharedLastcall === undefined ? {} : { sharedLastcall: deps.sharedLastcall }),
  };
  if (setting.kind === "ami") {
    const names = new Map(deps.reference.officials.map((official) => [official.id, official.fa]));
    return new AmiAdapter({
      ...common,
      url: setting.url,
      memberName: (official) => names.get(official),
      ...(deps.ami ? { client: deps.ami } : {}),
    });
  }
  return new QueueLogAdapter({
    ...common,
    path: setting.path,
    ...(deps.queueLog ? { follower: deps.queueLog } : {}),
  });
}
