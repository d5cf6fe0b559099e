/** The family every panel and the chart canvas use; loaded from @fontsource/vazirmatn. */
export const WALL_FONT = "Vazirmatn";

/**
 * Resolves once the wall's font can draw both scripts. A canvas does not re-lay out its text when
 * a web font arrives later, so the chart waits for this before its first draw.
 */
export async function wallFontReady(): Promise<void> {
  const sample = "مشهد ۰۱۲۳۴۵۶۷۸۹ Mashhad 0123456789";
  try {
    await Promise.all([
      document.fonts.load(`400 16px ${WALL_FONT}`, sample),
      document.fonts.load(`700 16px ${WALL_FONT}`, sample),
    ]);
  } catch (error) {
    // Drawing in a fallback face beats not drawing at all.
    console.error("[fonts] Vazirmatn did not load", error);
  }
  await document.fonts.ready;
}
