import type { Messages } from "./messages.ts";

export const en: Messages = {
  documentTitle: "Samad 111 — Khorasan Razavi live wall",
  title: "Samad People–Government Hotline — 111",
  province: "Khorasan Razavi Province",
  tehranTime: "Tehran time",
  link: {
    connecting: "Connecting",
    live: "Live",
    stale: "No news from server",
    disconnected: "Disconnected",
  },
  banner: {
    connecting: "Connecting to the server…",
    disconnected: (lastGood) =>
      `Connection to the server lost — showing the last good state (${lastGood}); trying to reconnect`,
    stale: (lastGood) =>
      `No fresh data from the server — showing the last good state (${lastGood})`,
    switchDown: "The server has lost the telephone switch — figures are not updating",
    busDown: "The server's event bus is down — figures may lag behind",
  },
  figures: {
    heading: "Province now",
    nowHeading: "Now",
    todayHeading: "Today",
    waiting: "Calls waiting",
    longestWait: "Longest wait",
    answered: "Answered",
    answerRate: "Answer rate",
    abandoned: "Abandoned",
    officialsHeading: "Officials",
    loggedIn: "On the line",
    available: "Available",
    onCall: "On a call",
    paused: "Paused",
  },
  chart: {
    waitingByCounty: "Calls waiting by county",
    summary: (top) => `Calls waiting by county: ${top}`,
    nobodyWaiting: "No calls waiting",
  },
  unknown: "—",
  listSeparator: ", ",
};
