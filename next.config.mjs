/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A clone may sit inside another folder with its own lockfile: pin the workspace root here.
  turbopack: { root: import.meta.dirname },
  // Type errors are caught by `tsc --noEmit` in `npm test` (it covers tests and scripts too); a production
  // build is not the place to fail on a test file's types.
  typescript: { ignoreBuildErrors: true },
  // Server-action bodies: the same limit proxy.ts enforces on the declared Content-Length (lib/server/edge/guard).
  // forbidden() from next/navigation: a page a role may not open answers 403 with app/forbidden.tsx.
  experimental: { serverActions: { bodySizeLimit: '1mb' }, authInterrupts: true },
  // Loaded only when REDIS_URL is set; kept out of the bundle.
  serverExternalPackages: ['ioredis', 'rate-limiter-flexible'],
}
export default nextConfig
