import Link from 'next/link'

const TABS = [
  ['', 'Overview'],
  ['/preview', 'Preview'],
  ['/gradebook', 'Gradebook'],
  ['/stats', 'Statistics'],
  ['/misconceptions', 'Misconceptions'],
  ['/extensions', 'Extensions'],
] as const

/** Breadcrumb and tabs shared by the instructor pages of one assignment. */
export function AssignmentNav({ assignment, current }: { assignment: { id: string; title: string; courseId: string; courseTitle: string }; current: (typeof TABS)[number][0] | '/edit' | '/delete' | 'other' }) {
  return (
    <>
      <nav aria-label="Breadcrumb" className="small">
        <Link href="/instructor">Teaching</Link> › <Link href={`/instructor/courses/${assignment.courseId}`}>{assignment.courseTitle}</Link> ›{' '}
        <Link href={`/instructor/assignments/${assignment.id}`}>{assignment.title}</Link>
      </nav>
      <nav aria-label="Assignment" className="tabs">
        <ul className="row" style={{ listStyle: 'none', padding: 0, margin: '0 0 8px', gap: 6 }}>
          {TABS.map(([path, label]) => (
            <li key={path}>
              <Link href={`/instructor/assignments/${assignment.id}${path}`} aria-current={current === path ? 'page' : undefined} className={`button ${current === path ? '' : 'secondary'}`} style={{ minHeight: 36, padding: '4px 12px' }}>
                {label}
              </Link>
            </li>
          ))}
        </ul>
      </nav>
    </>
  )
}
