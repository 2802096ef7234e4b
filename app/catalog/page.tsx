import type { Metadata } from 'next'
import Link from 'next/link'
import type { PartSpec } from '@/lib/questions/types'
import { catalog } from '@/lib/server/practice'
import { MathText } from '../_components/MathText'
import { DataTableView, FigureView } from '../_components/QuestionParts'

export const metadata: Metadata = {
  title: 'Question catalog',
  description: 'Every LassoLab question template, by topic, with a sample variant: OLS, ridge, lasso, penalty conventions, optimality conditions.',
}

/** What kind of answer a part takes, in words (the catalog shows no inputs, and never an answer). */
function AnswerHint({ part }: { part: PartSpec }) {
  const a = part.answer
  const list = (labels: string[]) =>
    labels.map((l, i) => (
      <span key={l}>
        {i > 0 && ', '}
        <MathText as="span" text={l} />
      </span>
    ))
  switch (a.type) {
    case 'number':
      return <p className="muted small">Answer: a number{a.allowUndefined ? ' (or “undefined”)' : ''}.</p>
    case 'choice':
      return (
        <>
          <p className="muted small">{a.multiple ? 'Select all that apply:' : 'Choose one:'}</p>
          <ul>
            {a.options.map((o) => (
              <li key={o.id}>
                <MathText as="span" text={o.label} />
              </li>
            ))}
          </ul>
        </>
      )
    case 'sparsity':
      return <p className="muted small">Answer: tick the coefficients that are exactly zero among {list(a.labels)}.</p>
    case 'vector':
      return <p className="muted small">Answer: one number for each of {list(a.labels)}.</p>
    case 'order':
      return <p className="muted small">Answer: put {list(a.labels)} in order.</p>
  }
}

export default function CatalogPage() {
  const groups = catalog()
  const count = groups.reduce((s, g) => s + g.items.length, 0)
  return (
    <>
      <h1>Question catalog</h1>
      <p>
        {count} question templates on least squares, ridge and the lasso. Every student gets their own randomized dataset; each question is graded automatically,
        names the mistake behind a wrong answer, and ends with a worked derivation using the student’s numbers. Below each template is a sample variant.
      </p>
      <nav aria-label="Topics" className="card">
        <h2 className="small" style={{ margin: 0 }}>
          Topics
        </h2>
        <ul style={{ display: 'flex', flexWrap: 'wrap', gap: '4px 20px', listStyle: 'none', padding: 0, margin: '6px 0 0' }}>
          {groups.map((g) => (
            <li key={g.id}>
              <a href={`#topic-${g.id}`}>{g.label}</a> <span className="muted small">({g.items.length})</span>
            </li>
          ))}
        </ul>
      </nav>
      {groups.map((g) => (
        <section key={g.id} aria-labelledby={`topic-${g.id}`}>
          <h2 id={`topic-${g.id}`}>{g.label}</h2>
          {g.items.map((t) => (
            <article key={t.id} className="card" aria-labelledby={`t-${t.id}`} data-template={t.id}>
              <h3 id={`t-${t.id}`} style={{ marginTop: 0, fontSize: '1.15rem' }}>
                {t.title}
              </h3>
              <MathText text={t.description} />
              <p>
                <Link className="button" href={`/practice/${t.id}`} prefetch={false} aria-describedby={`t-${t.id}`}>
                  Practice this
                </Link>
              </p>
              <section style={{ background: 'var(--bg)', border: '1px solid var(--line)', borderRadius: 8, padding: '2px 14px 10px', marginTop: 12 }} aria-labelledby={`s-${t.id}`}>
                <h4 id={`s-${t.id}`} style={{ margin: '10px 0 4px' }}>
                  Sample question
                </h4>
                <MathText text={t.sample.intro.statement} />
                {t.sample.intro.table && <DataTableView table={t.sample.intro.table} />}
                {t.sample.intro.figure && <FigureView figure={t.sample.intro.figure} />}
                {t.sample.parts.map((p, i) => (
                  <div className="part" key={p.id}>
                    <strong>Part {i + 1}.</strong> <MathText text={p.prompt} />
                    <AnswerHint part={p} />
                  </div>
                ))}
              </section>
            </article>
          ))}
        </section>
      ))}
    </>
  )
}
