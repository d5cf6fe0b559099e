/**
 * The shape of a message catalogue. Every user-facing string on the wall lives in a catalogue;
 * a message that embeds a figure takes it already formatted for the catalogue's language.
 */
export interface Messages {
  documentTitle: string;
  /** The programme's name, as the public knows it. */
  title: string;
  province: string;
  tehranTime: string;
  link: {
    connecting: string;
    live: string;
    stale: string;
    disconnected: string;
    /** The server is reachable but the telephone switch is not connected: nothing is live. */
    switchDown: string;
    /** A simulated wall's badge instead of "live"; `speed` is the formatted speed factor. */
    simulation: (speed: string) => string;
    /** A simulation whose clock is held (SIM_HOLD_AT): no factor to show. */
    simulationHeld: string;
  };
  /** Under the clock of a simulated wall, in place of "Tehran time". */
  simulatedTime: string;
  banner: {
    connecting: string;
    /** `lastGood` is the switch time of the last state received, already formatted. */
    disconnected: (lastGood: string) => string;
    stale: (lastGood: string) => string;
    switchDown: string;
    busDown: string;
  };
  figures: {
    heading: string;
    nowHeading: string;
    todayHeading: string;
    waiting: string;
    longestWait: string;
    answered: string;
    answerRate: string;
    abandoned: string;
    officialsHeading: string;
    loggedIn: string;
    available: string;
    onCall: string;
    paused: string;
    serviceLevel: string;
    /** The metric-definition version under the rates: where their formulas are written. */
    definitions: (version: string) => string;
    /** Officials on the line now against officials whose session is on now. */
    onLineOfScheduled: string;
    ofScheduled: (onLine: string, scheduled: string) => string;
  };
  tiles: {
    heading: string;
    waiting: string;
    longestWait: string;
    answerRate: string;
    onLine: string;
    /** A tile whose figures hold calls reconstructed from the switch's counters after an outage. */
    reconstructed: (calls: string) => string;
    level: { critical: string; warning: string; ok: string; idle: string };
    /**
     * What puts a tile at a level, for the legend; figures come formatted from the served
     * thresholds (`wait` a duration, rates percents).
     */
    rule: {
      critical: (rate: string) => string;
      warning: (wait: string, rate: string) => string;
      ok: string;
      idle: string;
    };
  };
  officials: {
    heading: string;
    condition: {
      absent: string;
      "long-pause": string;
      "long-ring": string;
      unknown: string;
      paused: string;
      ringing: string;
      "wrap-up": string;
      "on-call": string;
      available: string;
    };
    /** A pause with the reason the official gave on the switch. */
    pausedFor: (condition: string, reason: string) => string;
    answeredToday: string;
    /** Column heads: who, state, time in state, answered today. */
    columns: { who: string; state: string; for: string; answered: string };
    none: string;
    more: (count: string) => string;
  };
  alerts: {
    heading: string;
    none: string;
    switchDown: string;
    /** `wait` is a formatted duration, `minutes` a formatted count, `rate` a formatted percent. */
    unattended: (county: string, wait: string) => string;
    absent: (official: string, minutes: string) => string;
    longWait: (line: string, wait: string) => string;
    abandonSpike: (county: string, rate: string) => string;
    since: (duration: string) => string;
    /** An alert that began less than a minute ago. */
    justNow: string;
    more: (count: string) => string;
  };
  intervals: {
    answerRate: string;
    today: string;
    lastWeek: string;
    noHistory: string;
    volume: string;
    offered: string;
    answered: string;
    abandoned: string;
  };
  health: {
    label: string;
    switch: string;
    bus: string;
    server: string;
    up: string;
    down: string;
    unknown: string;
    lastEvent: string;
    busKind: { memory: string; redis: string; sql: string };
  };
  pages: {
    counties: string;
    today: string;
    /** How to change page without a mouse, shown outside kiosk mode. */
    keys: string;
  };
  chart: {
    waitingByCounty: string;
    /** Accessible summary of the chart canvas; `top` lists the busiest counties. */
    summary: (top: string) => string;
    nobodyWaiting: string;
  };
  /** Shown in place of a figure that is not known yet. */
  unknown: string;
  /** Joins items of a list, e.g. "Mashhad 12، Nishapur 3". */
  listSeparator: string;
}
