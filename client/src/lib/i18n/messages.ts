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
  };
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
