/** Chooses the switch adapter that SWITCH names. */
import type { Reference } from "../../shared/reference.ts";
import type { Config } from "../config.ts";
import type { Counters } from "../counters.ts";
import type { Logger } from "../log.ts";
import { createAsteriskSwitch } from "./asterisk.ts";
import { SimulatorAdapter } from "./simulator/simulator-adapter.ts";
import type { SwitchAdapter } from "./switch-adapter.ts";

export interface SwitchDeps {
  config: Config;
  reference: Reference;
  counters: Counters;
  log: Logger;
  /** Where the simulated clock starts (the simulator's past is filled up to it). */
  simStart: number;
  /** A simulation of the same seed and start that another run began carries on from here. */
  resumeAt?: number;
}

export async function createSwitch(deps: SwitchDeps): Promise<SwitchAdapter | null> {
  const { config, reference, counters, log } = deps;
  const setting = config.switch;
  switch (setting.kind) {
    case "none":
      return null;
    case "simulator":
      return new SimulatorAdapter({
        reference,
        seed: config.simSeed,
        speed: config.simSpeed,
        start: deps.simStart,
        resumeAt: deps.resumeAt,
        holdAt: config.simHoldAt,
        skipIdle: config.simSkipIdle,
        log: log.child({ tag: "simulator" }),
      });
    case "ami":
    case "queuelog":
      return createAsteriskSwitch(setting, {
        reference,
        mapFile: config.switchMapFile,
        callerIdKey: config.callerIdKey,
        counters,
        log,
      });
  }
}
