/** @type {import('next').NextConfig} */
const nextConfig = {
  poweredByHeader: false,
  // A clone may be nested in another folder that has its own lockfile: pin the workspace root here.
  turbopack: { root: import.meta.dirname },
}
export default nextConfig
