import { LEVEL_LABELS, type Level } from '@/lib/mastery/model'

const CLASS: Record<Level, string> = { 'not-started': 'neutral', practising: 'part', familiar: 'lvl-familiar', proficient: 'ok', mastered: 'lvl-mastered' }

/** A skill level as a coloured badge with its name (the colour is never the only cue). */
export function LevelBadge({ level }: { level: Level }) {
  return <span className={`badge ${CLASS[level]}`} data-level={level}>{LEVEL_LABELS[level]}</span>
}
