import { createContext } from "svelte";
import type { Locale } from "./locale.ts";

/** Set once by App; every panel reads its strings and formatters from here. */
export const [getLocale, setLocale] = createContext<Locale>();
