import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // Server-only packages with sockets, native code or worker threads are loaded by Node, not bundled.
  serverExternalPackages: ["@stoqey/ib", "pino", "better-sqlite3", "@prisma/adapter-better-sqlite3"],
  poweredByHeader: false,
  reactStrictMode: true,
  turbopack: { root: import.meta.dirname },
  outputFileTracingRoot: import.meta.dirname,
};

export default nextConfig;
