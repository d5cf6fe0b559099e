import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import path from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { builtFontFaces } from "../../../../server/features/schedule/built-fonts.ts";

const dir = mkdtempSync(path.join(tmpdir(), "samad-fonts-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("the public page's font", () => {
  it("takes the built client's Vazirmatn faces, each once, and nothing else", () => {
    mkdirSync(path.join(dir, "assets"));
    const arabic =
      '@font-face{font-family:Vazirmatn;font-weight:400;src:url(/assets/vazirmatn-arabic-400-normal-X1.woff2)format("woff2");unicode-range:U+6??}';
    const other = "@font-face{font-family:Other;src:url(/assets/other.woff2)}";
    writeFileSync(path.join(dir, "assets", "index-A.css"), `body{color:red}${arabic}${other}`);
    writeFileSync(path.join(dir, "assets", "desk-B.css"), arabic);
    const faces = builtFontFaces(dir);
    expect(faces).toBe(arabic);
  });

  it("is empty when no client is built", () => {
    expect(builtFontFaces(path.join(dir, "missing"))).toBe("");
  });
});
