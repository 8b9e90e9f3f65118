import type { MetadataRoute } from "next";

/** The web app manifest: "Add to Home Screen" opens SumpPump on the inbox, full screen, in its own window. */
export default function manifest(): MetadataRoute.Manifest {
  return {
    name: "SumpPump",
    short_name: "SumpPump",
    description: "Approve the option trades Claude proposes; Interactive Brokers executes.",
    start_url: "/inbox",
    scope: "/",
    display: "standalone",
    orientation: "portrait",
    background_color: "#0f1419",
    theme_color: "#0f1419",
    icons: [
      { src: "/icons/icon-192.png", sizes: "192x192", type: "image/png", purpose: "any" },
      { src: "/icons/icon-512.png", sizes: "512x512", type: "image/png", purpose: "any" },
      { src: "/icons/icon-maskable-512.png", sizes: "512x512", type: "image/png", purpose: "maskable" },
    ],
  };
}
