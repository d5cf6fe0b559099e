import tseslint from "typescript-eslint";
import svelte from "eslint-plugin-svelte";
import svelteParser from "svelte-eslint-parser";

export default tseslint.config(
  { ignores: ["node_modules/", "client/dist/", "dist/", "state/", "coverage/", "bench/results/"] },
  ...tseslint.configs.recommended,
  ...svelte.configs["flat/recommended"],
  {
    files: ["**/*.svelte", "**/*.svelte.ts"],
    languageOptions: {
      parser: svelteParser,
      parserOptions: { parser: tseslint.parser, extraFileExtensions: [".svelte"] },
    },
  },
  {
    rules: {
      "@typescript-eslint/no-explicit-any": "error",
      "@typescript-eslint/no-unused-vars": ["error", { argsIgnorePattern: "^_" }],
      "no-console": ["error", { allow: ["error"] }],
    },
  },
  {
    files: ["shared/**/*.ts"],
    rules: {
      "no-restricted-globals": [
        "error",
        { name: "process", message: "shared/ is pure: no Node globals" },
        { name: "window", message: "shared/ is pure: no DOM globals" },
        { name: "document", message: "shared/ is pure: no DOM globals" },
        { name: "setTimeout", message: "shared/ has no clock: pass time in" },
        { name: "setInterval", message: "shared/ has no clock: pass time in" },
      ],
      "no-restricted-syntax": [
        "error",
        {
          selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']",
          message: "shared/ has no clock: pass time in",
        },
      ],
    },
  },
  {
    files: ["server/**/*.ts", "bench/**/*.ts", "test/**/*.ts", "scripts/**/*.ts"],
    rules: { "no-console": "off" },
  },
);
