/**
 * The wall's Persian font for the server-rendered public page: the @font-face rules of the built
 * client (their files' names carry hashes only the build knows), so the page draws in the font
 * the app ships, never a system one. Empty when no client is built.
 */
import { readdirSync, readFileSync } from "node:fs";
import path from "node:path";

export function builtFontFaces(clientDir: string, family = "Vazirmatn"): string {
  const assets = path.join(clientDir, "assets");
  let files: string[];
  try {
    files = readdirSync(assets).filter((name) => name.endsWith(".css"));
  } catch {
    return "";
  }
  const faces = new Set<string>();
  for (const file of files) {
    const css = readFileSync(path.join(assets, file), "utf8");
    for (const face of css.match(/@font-face\s*\{[^}]*\}/g) ?? []) {
      if (face.includes(`font-family:${family}`) || face.includes(`font-family: ${family}`)) {
        faces.add(face);
      }
    }
  }
  return [...faces].join("\n");
}
