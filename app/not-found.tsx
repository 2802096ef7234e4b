import Link from 'next/link'

export default function NotFound() {
  return (
    <div className="card">
      <h1>Not found</h1>
      <p>That page does not exist, or you do not have access to it.</p>
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </div>
  )
}
