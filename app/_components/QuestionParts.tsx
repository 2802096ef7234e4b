import type { DataTable, Figure, Step } from '@/lib/questions/types'
import type { ItemStatus } from '@/lib/server/student'
import { MathText } from './MathText'

export function DataTableView({ table, id }: { table: DataTable; id?: string }) {
  return (
    <div className="table-wrap">
      <table id={id}>
        {table.caption && (
          <caption>
            <MathText as="span" text={table.caption} />
          </caption>
        )}
        <thead>
          <tr>
            {table.columns.map((c, i) => (
              // biome-ignore lint/suspicious/noArrayIndexKey: columns are positional
              <th key={i} scope="col">
                <MathText as="span" text={c} />
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {table.rows.map((r, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: rows are positional
            <tr key={i}>
              {r.map((cell, j) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: cells are positional
                <td key={j}>{typeof cell === 'number' ? cell : <MathText as="span" text={cell} />}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  )
}

export function FigureView({ figure }: { figure: Figure }) {
  return (
    <figure>
      {/* biome-ignore lint/security/noDangerouslySetInnerHtml: server-generated SVG from lib/questions/figures, no user input */}
      <div dangerouslySetInnerHTML={{ __html: figure.svg }} />
      <figcaption>
        {figure.caption && <MathText as="span" text={figure.caption} />}
        <details>
          <summary>Text description of the figure</summary>
          <MathText text={figure.alt} />
        </details>
      </figcaption>
    </figure>
  )
}

export function Derivation({ steps }: { steps: Step[] }) {
  return (
    <ol className="steps" aria-label="Worked derivation">
      {steps.map((s, i) => (
        // biome-ignore lint/suspicious/noArrayIndexKey: steps are ordered
        <li key={i}>
          <h3>
            <MathText as="span" text={s.title} />
          </h3>
          <MathText text={s.body} />
          {s.table && <DataTableView table={s.table} />}
          {s.figure && <FigureView figure={s.figure} />}
        </li>
      ))}
    </ol>
  )
}

export function ScoreBadge({ score }: { score: number | null }) {
  if (score === null) return <span className="badge neutral">not attempted</span>
  const pct = Math.round(score * 100)
  const cls = score >= 1 - 1e-9 ? 'ok' : score > 0 ? 'part' : 'bad'
  return <span className={`badge ${cls}`}>{pct}%</span>
}

/** "2 attempts left", or why the question takes no more answers. */
export function ItemStatusText({ status }: { status: ItemStatus }) {
  switch (status.closed) {
    case 'solved':
      return <span>closed: solved</span>
    case 'no-attempts-left':
      return <span>closed: no attempts left</span>
    case 'deadline-passed':
      return <span>closed: the deadline has passed</span>
    case 'not-open-yet':
      return <span>not open yet</span>
    default:
      return (
        <span>
          {status.attemptsLeft} attempt{status.attemptsLeft === 1 ? '' : 's'} left
        </span>
      )
  }
}
