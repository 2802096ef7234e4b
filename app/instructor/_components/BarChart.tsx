import { scaleBand, scaleLinear } from 'd3-scale'

export interface Bar {
  label: string
  value: number
  /** Shown at the end of the bar instead of the value. */
  text?: string
}

/**
 * A horizontal bar chart as server-rendered SVG (d3-scale for the geometry). The numbers are also in the table
 * beside every chart; the SVG has a title and description for screen readers.
 */
export function BarChart({ bars, max, title, description, width = 640, color = '#1d4ed8' }: { bars: Bar[]; max?: number; title: string; description: string; width?: number; color?: string }) {
  const labelWidth = Math.min(300, Math.max(120, ...bars.map((b) => b.label.length * 7.2)))
  const rowHeight = 28
  const height = bars.length * rowHeight + 30
  const top = max ?? Math.max(1, ...bars.map((b) => b.value))
  const x = scaleLinear().domain([0, top]).range([0, width - labelWidth - 70])
  const y = scaleBand<number>()
    .domain(bars.map((_, i) => i))
    .range([6, height - 24])
    .padding(0.22)
  const ticks = x.ticks(Math.min(5, Math.max(1, Math.floor(top))))
  const id = `chart-${title.replace(/[^a-z0-9]+/gi, '-').toLowerCase()}`
  return (
    <svg viewBox={`0 0 ${width} ${height}`} width="100%" role="img" aria-labelledby={`${id}-t ${id}-d`} style={{ maxWidth: width, display: 'block' }}>
      <title id={`${id}-t`}>{title}</title>
      <desc id={`${id}-d`}>{description}</desc>
      <g transform={`translate(${labelWidth},0)`}>
        {ticks.map((t) => (
          <g key={t} transform={`translate(${x(t)},0)`}>
            <line y1={4} y2={height - 22} stroke="#d5dae1" />
            <text y={height - 8} textAnchor="middle" fontSize={11} fill="#4d5560">
              {Number.isInteger(t) ? t : t.toFixed(1)}
            </text>
          </g>
        ))}
        {bars.map((b, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: bars are positional and labels may repeat
          <g key={i} transform={`translate(0,${y(i)})`}>
            <rect width={Math.max(0, x(b.value))} height={y.bandwidth()} fill={color} rx={3} />
            <text x={Math.max(0, x(b.value)) + 6} y={y.bandwidth() / 2} dominantBaseline="middle" fontSize={12} fill="#1b1f24">
              {b.text ?? b.value}
            </text>
            <text x={-8} y={y.bandwidth() / 2} dominantBaseline="middle" textAnchor="end" fontSize={12} fill="#1b1f24">
              {b.label.length > 42 ? `${b.label.slice(0, 40)}…` : b.label}
            </text>
          </g>
        ))}
      </g>
    </svg>
  )
}
