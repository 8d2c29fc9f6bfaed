import tailwindcss from "@tailwindcss/vite";
import react from "@vitejs/plugin-react";
import { defineConfig } from "vite";

/*
 * The App is built to static files the gateway serves on its own origin, under a Content-Security-Policy of
 * `default-src 'self'`: nothing inline, nothing from elsewhere. Vite emits the entry as an external module
 * script and the CSS as a stylesheet link, so the built index.html carries no inline script or style.
 */
export default defineConfig({
  plugins: [react(), tailwindcss()],
  build: {
    outDir: "dist",
    emptyOutDir: true,
    // Inlined assets would be `data:` URLs; every asset stays a file of the origin instead.
    assetsInlineLimit: 0,
    target: "es2022",
    sourcemap: false,
  },
  server: { host: "127.0.0.1" },
});
