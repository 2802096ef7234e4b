/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A clone may sit inside another folder with its own lockfile: pin the workspace root here.
  turbopack: { root: import.meta.dirname },
  // Type errors are caught by `tsc --noEmit` in `npm test` (it covers tests and scripts too); a production
  // build is not the place to fail on a test file's types.
  typescript: { ignoreBuildErrors: true },
  // forbidden() from next/navigation: a page a role may not open answers 403 with app/forbidden.tsx.
  experimental: { authInterrupts: true },
}
export default nextConfig
