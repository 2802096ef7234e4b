/** The outcome of validating one raw input: a parsed value, or a student-facing message (costs no attempt). */
export type Validation<T> = { ok: true; value: T } | { ok: false; message: string }

export const valid = <T>(value: T): Validation<T> => ({ ok: true, value })
export const invalid = <T = never>(message: string): Validation<T> => ({ ok: false, message })

/** Raw form input for one part: a text field, or a list (checkboxes, ordered items, vector components). */
export type RawInput = string | string[] | undefined

/** A single string from raw input; lists of one element are accepted, as FormData.getAll gives them. */
export function singleString(raw: RawInput): string | undefined {
  if (Array.isArray(raw)) return raw.length === 1 ? raw[0] : undefined
  return raw
}

/** A list of strings from raw input: an array, or one string separated by commas, semicolons or new lines. */
export function stringList(raw: RawInput): string[] {
  if (raw === undefined) return []
  const items = Array.isArray(raw) ? raw : raw.split(/[,;\n]/)
  return items.map((s) => s.trim()).filter((s) => s.length > 0)
}
