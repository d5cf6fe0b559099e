/** Lives next to Vite's root (client/), where vite-plugin-svelte and svelte-check look for it. */
export default {
  compilerOptions: { runes: true },
};
