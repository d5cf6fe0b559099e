/** Chooses the switch adapter that SWITCH names. */
import type { Reference } from "../../shared/reference.ts";
import type { Config } from "../config.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { SimulatorAdapter } from "./simulator/simulator-adapter.ts";
import type { SwitchAdapter } from "./switch-adapter.ts";

export interface SwitchDeps {
  config: Config;
  reference: Reference;
  counters: Counters;
  log: Logger;
}

export async function createSwitch({
  config,
  reference,
  log,
}: SwitchDeps): Promise<SwitchAdapter | null> {
  const setting = config.switch;
  switch (setting.kind) {
    case "none":
      return null;
    case "simulator":
      return new SimulatorAdapter({
        reference,
        seed: config.simSeed,
        speed: config.simSpeed,
        start: config.simStart ?? Date.now(),
        skipIdle: config.simSkipIdle,
        log: log.child({ tag: "simulator" }),
      });
    default:
      throw new Error(`SWITCH=${setting.kind}: this adapter is not wired in yet`);
  }
}
