import { describe, expect, it } from "vitest";
import { displayOptions, nextPage } from "../../client/src/lib/display-options.ts";

describe("display options from the address", () => {
  it("defaults to the counties page, not a kiosk, no rotation", () => {
    expect(displayOptions("")).toEqual({ kiosk: false, page: "counties", rotateSec: null });
  });

  it("reads kiosk, page and rotation", () => {
    expect(displayOptions("?kiosk=1&page=today&rotate=20")).toEqual({
      kiosk: true,
      page: "today",
      rotateSec: 20,
    });
    expect(displayOptions("?kiosk").kiosk).toBe(true);
    expect(displayOptions("?kiosk=0").kiosk).toBe(false);
  });

  it("ignores nonsense and keeps rotation readable", () => {
    expect(displayOptions("?page=nope&rotate=abc")).toEqual({
      kiosk: false,
      page: "counties",
      rotateSec: null,
    });
    expect(displayOptions("?rotate=1").rotateSec).toBe(5);
    expect(displayOptions("?rotate=-3").rotateSec).toBeNull();
  });

  it("steps round the pages both ways", () => {
    expect(nextPage("counties")).toBe("today");
    expect(nextPage("today")).toBe("counties");
    expect(nextPage("counties", -1)).toBe("today");
  });
});
