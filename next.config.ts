import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with sockets, native code or worker threads are loaded by Node, not bundled.
  serverExternalPackages: ["@stoqey/ib", "pino", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  // `npm test` typechecks the whole project (app, sim, scripts) with tsc; the build need not do it again.
  typescript: { ignoreBuildErrors: true },
  reactStrictMode: true,
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
