/**
 * The skills the catalog exercises, and which skills each template part and each named mistake is about.
 *
 * One table: `SKILL_TAGS[templateId].parts[partId]` lists the skills a part exercises (a right answer is
 * evidence for each); `SKILL_TAGS[templateId].mistakes[misconceptionId]` is the one skill a named mistake
 * reveals a gap in (a diagnosed mistake is evidence against it). tests/unit/questions/skills.test.ts fails
 * when a template part or misconception of the registry has no tag, so a new template or mistake needs one
 * line here.
 */

export const SKILLS = {
  centering: { label: 'Centering the data', description: 'Means, and subtracting them before summing.' },
  sums: { label: 'The sums $S_{xx}$ and $S_{xy}$', description: 'Sums of centered squares and products (sums, not averages).' },
  'ols-fit': { label: 'Least-squares slope and intercept', description: 'The slope $S_{xy}/S_{xx}$ and the intercept $\\bar y - m\\bar x$.' },
  intercept: { label: 'The unpenalized intercept', description: 'The penalty leaves the intercept alone: center, fit the slope, then $b = \\bar y - m\\bar x$.' },
  'ridge-shrinkage': { label: 'Ridge shrinkage', description: 'Ridge divides by $S_{xx} + \\lambda$: it shrinks every slope by a factor and never to zero.' },
  'soft-thresholding': { label: 'Soft thresholding', description: 'The lasso subtracts a threshold from $|S_{xy}|$ and clamps at zero, keeping the sign.' },
  'lambda-star': { label: 'The λ where the slope vanishes', description: 'The smallest penalty at which the lasso slope is exactly zero.' },
  conventions: { label: 'Penalty conventions', description: 'λ, 2λ and scikit-learn’s α describe the same penalty with different scalings.' },
  subgradient: { label: 'Derivatives and the subgradient', description: 'Derivatives of the loss and penalties, and the optimality condition at a kink.' },
  geometry: { label: 'Why the lasso gives zeros', description: 'Corners, constant pull and thresholds: why L1 makes exact zeros and L2 does not.' },
  'multi-feature-kkt': { label: 'Several features: which coefficients are zero', description: 'The optimality conditions with several features, and the lasso path.' },
  'coordinate-descent': { label: 'Coordinate descent', description: 'One coordinate update: the partial residual, then soft thresholding.' },
  'case-analysis': { label: 'Solving by cases', description: 'Assume a sign, solve, and check that the answer agrees with the assumption.' },
  'choosing-lambda': { label: 'Choosing λ', description: 'Reading the coefficient paths, and choosing λ by cross-validation: the minimum and the one-standard-error rule.' },
  standardization: { label: 'Units and standardization', description: 'Without standardizing, λ_max and the entry order depend on the units of each feature; standardized, they do not.' },
  'constrained-form': { label: 'Constraint and penalty', description: 'The same solution written as a norm constraint ‖w‖ ≤ t or as a penalty λ: which t matches which λ.' },
  'elastic-net': { label: 'The elastic net', description: 'Lasso and ridge penalties together: the lasso part zeroes, the ridge part divides.' },
} as const satisfies Record<string, { label: string; description: string }>

export type SkillId = keyof typeof SKILLS
export const SKILL_IDS = Object.keys(SKILLS) as SkillId[]

export interface TemplateSkillTags {
  /** part id → the skills a right answer to it shows. */
  parts: Record<string, SkillId[]>
  /** misconception id → the skill the mistake reveals a gap in. */
  mistakes: Record<string, SkillId>
}

export const SKILL_TAGS: Record<string, TemplateSkillTags> = {
  'ols-1d': {
    parts: { xMean: ['centering'], yMean: ['centering'], Sxx: ['centering', 'sums'], Sxy: ['centering', 'sums'], m: ['ols-fit'], b: ['ols-fit', 'intercept'] },
    mistakes: {
      'sxy-over-n-minus-1': 'sums',
      'slope-sign': 'ols-fit',
      'slope-is-r': 'ols-fit',
      'mean-sum': 'centering',
      'mean-n-minus-1': 'centering',
      'ymean-sum': 'centering',
      'sxx-uncentered': 'centering',
      'sxx-over-n': 'sums',
      'sxx-over-n-minus-1': 'sums',
      'sxy-uncentered': 'centering',
      'sxy-over-n': 'sums',
      'sxy-used-syy': 'sums',
      'slope-uncentered': 'centering',
      'slope-inverted': 'ols-fit',
      'slope-used-syy': 'ols-fit',
      'slope-mixed-n': 'sums',
      'slope-over-n': 'sums',
      'intercept-sign': 'intercept',
      'intercept-swapped': 'intercept',
      'intercept-mean-y': 'intercept',
    },
  },
  'ridge-1d-slope': {
    parts: { m: ['sums', 'ridge-shrinkage'], lambdaF: ['ridge-shrinkage'] },
    mistakes: {
      'double-lambda': 'ridge-shrinkage',
      'ols-over-1-plus-lambda': 'ridge-shrinkage',
      'slope-sign': 'ridge-shrinkage',
      'ridge-zero': 'ridge-shrinkage',
      'lasso-formula': 'ridge-shrinkage',
      'ols-slope': 'ridge-shrinkage',
      'lambda-in-numerator': 'ridge-shrinkage',
      'half-lambda': 'conventions',
      uncentered: 'centering',
      'penalized-intercept': 'intercept',
      'shrink-by-fraction': 'ridge-shrinkage',
      'fraction-times-sxx': 'ridge-shrinkage',
      'used-sxy': 'ridge-shrinkage',
      'lasso-shrink': 'ridge-shrinkage',
      'half-lambda-shrink': 'conventions',
    },
  },
  'lasso-1d-slope': {
    parts: { m: ['sums', 'soft-thresholding', 'conventions'] },
    mistakes: {
      'answered-zero': 'soft-thresholding',
      'sign-flipped': 'soft-thresholding',
      'small-not-zero': 'soft-thresholding',
      'other-convention': 'conventions',
      'ridge-formula': 'soft-thresholding',
      'ols-slope': 'soft-thresholding',
      'threshold-sign': 'soft-thresholding',
      'no-clamp': 'soft-thresholding',
      'dropped-sign': 'soft-thresholding',
      'divided-by-n': 'sums',
    },
  },
  'lasso-1d-lambda-star': {
    parts: { lambdaStar: ['sums', 'lambda-star', 'conventions'] },
    mistakes: {
      'four-sxy': 'conventions',
      'other-convention': 'conventions',
      'forgot-abs': 'lambda-star',
      'signed-sxy': 'lambda-star',
      'ols-slope': 'lambda-star',
      'divided-by-sxx': 'lambda-star',
      'divided-by-n': 'sums',
      halved: 'lambda-star',
      'used-sxx': 'lambda-star',
      uncentered: 'centering',
    },
  },
  'ridge-vs-lasso': {
    parts: { zero: ['geometry', 'lambda-star'], ridge: ['ridge-shrinkage'], lasso: ['soft-thresholding', 'conventions'] },
    mistakes: {
      'ridge-answered-zero': 'ridge-shrinkage',
      'lasso-answered-zero': 'soft-thresholding',
      'lasso-small-not-zero': 'soft-thresholding',
      'ridge-zeroes': 'geometry',
      'both-zero': 'geometry',
      'lasso-never-zero': 'lambda-star',
      'lasso-always-zero': 'lambda-star',
      'ridge-used-lasso': 'ridge-shrinkage',
      'ridge-ols': 'ridge-shrinkage',
      'ridge-half-lambda': 'conventions',
      'lasso-used-ridge': 'soft-thresholding',
      'lasso-other-convention': 'conventions',
      'lasso-no-clamp': 'soft-thresholding',
      'lasso-ols': 'soft-thresholding',
      'ridge-slope-sign': 'ridge-shrinkage',
      'lasso-slope-sign': 'soft-thresholding',
    },
  },
  'penalty-conventions': {
    parts: { lambdaOther: ['conventions'], alpha: ['conventions'], lambdaFromAlpha: ['conventions'], slope: ['soft-thresholding', 'conventions'] },
    mistakes: {
      'other-inverted': 'conventions',
      'other-unchanged': 'conventions',
      'alpha-over-n': 'conventions',
      'alpha-forgot-n': 'conventions',
      'alpha-inverted': 'conventions',
      'alpha-equals-lambda': 'conventions',
      'alpha-from-wrong-convention': 'conventions',
      'from-alpha-inverted': 'conventions',
      'from-alpha-forgot-n': 'conventions',
      'from-alpha-other-convention': 'conventions',
      'slope-other-convention': 'conventions',
      'slope-ols': 'soft-thresholding',
      'slope-sign': 'soft-thresholding',
    },
  },
  'subgradient-at-zero': {
    parts: { rssSlope: ['sums', 'subgradient'], optimal: ['subgradient', 'lambda-star'], l1Deriv: ['subgradient'], l2Deriv: ['subgradient'] },
    mistakes: {
      'rss-zero': 'subgradient',
      'rss-sign': 'subgradient',
      'rss-no-2': 'subgradient',
      'rss-uncentered': 'centering',
      'zero-needs-zero-derivative': 'subgradient',
      'forgot-factor-2': 'lambda-star',
      'signed-condition': 'lambda-star',
      'l1-used-l2': 'subgradient',
      'l1-penalty-value': 'subgradient',
      'l1-dropped-sign': 'subgradient',
      'l2-used-l1': 'subgradient',
      'l2-forgot-2': 'subgradient',
      'l2-penalty-value': 'subgradient',
    },
  },
  'sparsity-concepts': {
    parts: { why: ['geometry'] },
    mistakes: {
      'l1-heavier-on-large': 'geometry',
      'lasso-gradient-2w': 'subgradient',
      'diamond-smaller': 'geometry',
      rounding: 'geometry',
      'ridge-threshold': 'geometry',
      proportional: 'geometry',
      'abs-differentiable': 'subgradient',
      'circle-corners': 'geometry',
      'l2-constant-pressure': 'geometry',
    },
  },
  'ridge-2d': {
    parts: { w: ['ridge-shrinkage', 'multi-feature-kkt'], b: ['intercept'] },
    mistakes: {
      'swapped-components': 'multi-feature-kkt',
      'inverse-sign': 'ridge-shrinkage',
      'penalized-intercept': 'intercept',
      uncentered: 'centering',
      'half-lambda': 'conventions',
      'double-lambda': 'conventions',
      ols: 'ridge-shrinkage',
      'b-ybar': 'intercept',
      'b-penalized': 'intercept',
    },
  },
  'lasso-2d-sparsity': {
    parts: { zeros: ['multi-feature-kkt'], lambdaMax: ['multi-feature-kkt', 'lambda-star'] },
    mistakes: {
      'marginal-test': 'multi-feature-kkt',
      'ridge-none': 'geometry',
      complement: 'multi-feature-kkt',
      'no-factor-2': 'conventions',
      uncentered: 'centering',
      'min-not-max': 'lambda-star',
    },
  },
  'lasso-path-breakpoints': {
    parts: { zeroAt: ['multi-feature-kkt', 'lambda-star'], order: ['multi-feature-kkt'] },
    mistakes: {
      marginal: 'multi-feature-kkt',
      'no-factor-2': 'conventions',
      uncentered: 'centering',
      'order-by-ols': 'multi-feature-kkt',
      reversed: 'multi-feature-kkt',
      'swapped-components': 'multi-feature-kkt',
    },
  },
  'coordinate-descent-step': {
    parts: { rho: ['coordinate-descent'], wj: ['coordinate-descent', 'soft-thresholding'] },
    mistakes: {
      'denominator-no-2': 'coordinate-descent',
      'answered-zero': 'soft-thresholding',
      'rho-full-residual': 'coordinate-descent',
      'rho-used-y': 'coordinate-descent',
      'rho-no-factor-2': 'conventions',
      'kept-own-contribution': 'coordinate-descent',
      'used-y': 'coordinate-descent',
      'half-threshold': 'conventions',
      'mixed-scaling': 'conventions',
      'no-clamp': 'soft-thresholding',
      'no-threshold': 'soft-thresholding',
      'small-not-zero': 'soft-thresholding',
    },
  },
  'lasso-case-analysis': {
    parts: { mPos: ['sums', 'case-analysis'], posOk: ['case-analysis'], mNeg: ['sums', 'case-analysis'], negOk: ['case-analysis'], m: ['case-analysis', 'soft-thresholding'] },
    mistakes: {
      'case-missing-2': 'subgradient',
      'case-sign': 'subgradient',
      'accepted-inconsistent-pos': 'case-analysis',
      'rejected-consistent-pos': 'case-analysis',
      'case-neg-sign': 'subgradient',
      'case-neg-missing-2': 'subgradient',
      'accepted-inconsistent-neg': 'case-analysis',
      'rejected-consistent-neg': 'case-analysis',
      'kept-inconsistent-case': 'case-analysis',
      'took-other-case': 'case-analysis',
      'slope-missing-2': 'conventions',
    },
  },
  'lasso-kkt-check': {
    parts: { g: ['centering', 'multi-feature-kkt'], optimal: ['multi-feature-kkt', 'subgradient'] },
    mistakes: {
      'g-missing-2': 'subgradient',
      'g-uncentered': 'centering',
      'g-sign': 'subgradient',
      'inequality-on-nonzero': 'multi-feature-kkt',
      'strict-on-nonzero': 'multi-feature-kkt',
      'skipped-zero-coordinates': 'multi-feature-kkt',
    },
  },
  'elastic-net-1d': {
    parts: { m: ['sums', 'elastic-net'], lambda1Star: ['elastic-net', 'lambda-star'] },
    mistakes: {
      'forgot-ridge': 'elastic-net',
      'forgot-lasso': 'elastic-net',
      'full-threshold': 'conventions',
      'half-ridge': 'conventions',
      'not-clipped': 'soft-thresholding',
      uncentered: 'centering',
      'star-missing-2': 'conventions',
      'star-moved-by-ridge': 'elastic-net',
      'star-from-slope': 'lambda-star',
      'slope-sign': 'elastic-net',
      'small-not-zero': 'soft-thresholding',
    },
  },
  'constrained-form': {
    parts: { w: ['constrained-form', 'geometry'], link: ['constrained-form'] },
    mistakes: {
      'ignored-constraint': 'constrained-form',
      'swapped-components': 'constrained-form',
      'boundary-when-inactive': 'constrained-form',
      'scaled-ols': 'soft-thresholding',
      't-as-penalty': 'constrained-form',
      'factor-2-solution': 'conventions',
      't-as-lambda': 'constrained-form',
      'factor-2-lambda': 'conventions',
      'unclamped-lambda': 'constrained-form',
      'lambda-as-t': 'constrained-form',
      'wrong-norm': 'geometry',
      'ols-norm': 'constrained-form',
    },
  },
  'choosing-lambda': {
    parts: { first: ['multi-feature-kkt', 'choosing-lambda'], count: ['choosing-lambda'], lambdaMin: ['choosing-lambda'], lambdaOneSe: ['choosing-lambda'] },
    mistakes: {
      'last-to-enter': 'multi-feature-kkt',
      'counted-zeros': 'choosing-lambda',
      'smallest-lambda': 'choosing-lambda',
      'smallest-se': 'choosing-lambda',
      'min-for-one-se': 'choosing-lambda',
      'one-se-wrong-side': 'choosing-lambda',
      'own-row-se': 'choosing-lambda',
      'two-se': 'choosing-lambda',
    },
  },
  'lasso-standardization': {
    parts: { lambdaMax: ['centering', 'multi-feature-kkt'], lambdaMaxScaled: ['standardization'], first: ['standardization', 'multi-feature-kkt'], standardized: ['standardization'] },
    mistakes: {
      'no-factor-2': 'conventions',
      uncentered: 'centering',
      'units-do-not-matter': 'standardization',
      'divided-by-factor': 'standardization',
      'correlation-not-inner-product': 'standardization',
      'units-matter-after-standardizing': 'standardization',
    },
  },
}

/** The skills a template part exercises ([] when the table has no entry: the table test catches that). */
export function partSkills(templateId: string, partId: string): SkillId[] {
  const t = Object.hasOwn(SKILL_TAGS, templateId) ? SKILL_TAGS[templateId] : undefined
  return t && Object.hasOwn(t.parts, partId) ? t.parts[partId] : []
}

/** The skill a named mistake reveals a gap in, or null when untagged. */
export function mistakeSkill(templateId: string, misconceptionId: string): SkillId | null {
  const t = Object.hasOwn(SKILL_TAGS, templateId) ? SKILL_TAGS[templateId] : undefined
  return t && Object.hasOwn(t.mistakes, misconceptionId) ? t.mistakes[misconceptionId] : null
}

export function isSkillId(s: string): s is SkillId {
  return Object.hasOwn(SKILLS, s)
}
