// Builds the single-page app to dist/, which the local runtime serves at / and CloudFront serves in the cloud.
import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

export default defineConfig({
  plugins: [react(), tailwindcss()],
  // The manifest maps each source module to its chunks: `pnpm bench web` reads it to size what each route loads.
  build: { outDir: "dist", emptyOutDir: true, sourcemap: true, manifest: true },
  server: {
    // `pnpm --filter @pactly/web dev` against `pnpm dev` on :3000: same-origin calls, so the refresh cookie works.
    proxy: { "/v1": "http://localhost:3000", "/dev": "http://localhost:3000" },
  },
});
