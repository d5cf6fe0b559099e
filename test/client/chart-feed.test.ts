import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { createChartFeed } from "../../client/src/lib/chart/feed.ts";

describe("the chart feed", () => {
  beforeEach(() => {
    vi.useFakeTimers();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  it("sends the first data at once, then at most one update per interval, the latest", () => {
    const sent: number[] = [];
    const feed = createChartFeed<number>((n) => sent.push(n), 1000);
    feed.push("1", 1);
    feed.push("2", 2);
    feed.push("3", 3);
    expect(sent).toEqual([1]);
    vi.advanceTimersByTime(1000);
    expect(sent).toEqual([1, 3]);
    vi.advanceTimersByTime(5000);
    expect(sent).toEqual([1, 3]);
  });

  it("does not send what the chart already shows", () => {
    const sent: number[] = [];
    const feed = createChartFeed<number>((n) => sent.push(n), 0);
    feed.push("same", 1);
    feed.push("same", 1);
    expect(sent).toEqual([1]);
  });

  it("holds updates while the page is hidden and sends the latest when it shows", () => {
    const sent: number[] = [];
    const feed = createChartFeed<number>((n) => sent.push(n), 0);
    feed.setActive(false);
    feed.push("1", 1);
    feed.push("2", 2);
    expect(sent).toEqual([]);
    feed.setActive(true);
    expect(sent).toEqual([2]);
  });

  it("sends nothing after dispose", () => {
    const sent: number[] = [];
    const feed = createChartFeed<number>((n) => sent.push(n), 1000);
    feed.push("1", 1);
    feed.push("2", 2);
    feed.dispose();
    vi.advanceTimersByTime(2000);
    feed.push("3", 3);
    expect(sent).toEqual([1]);
  });
});
