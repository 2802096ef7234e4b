import Link from 'next/link'

/** What a signed-in user meets on a page their role in the course does not open (HTTP 403). */
export default function Forbidden() {
  return (
    <div className="card">
      <h1>Not available</h1>
      <div className="alert error" role="alert">
        This page is for another role in this course: some pages are only for its instructors and teaching assistants, and the question
        pages are only for its students.
      </div>
      <p>
        <Link href="/dashboard">Back to your dashboard</Link>
      </p>
    </div>
  )
}
