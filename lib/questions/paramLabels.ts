/**
 * How the assignment builder names each template parameter: a label, a one-line help and, for choices, words for
 * each option. Parameters shared by many templates (the data ranges, the loss convention) are named once; a
 * template can refine any of them. Plain text (no TeX): these go into <label>, <option> and error messages.
 * tests/unit/questions/paramLabels.test.ts fails when a template gains a parameter or an option with no words.
 */

export interface ParamWords {
  label: string
  help: string
  /** Words for each option of a choice or a set, by the option's value. */
  options?: Record<string, string>
}

const RANDOM = 'a random one per student'

const COMMON: Record<string, ParamWords> = {
  nMin: { label: 'Fewest data points', help: 'Each dataset has between this many and the largest number of points.' },
  nMax: { label: 'Most data points', help: 'More points make the hand computation longer.' },
  xMin: { label: 'Smallest x value', help: 'x values are whole numbers drawn from this range.' },
  xMax: { label: 'Largest x value', help: 'Must be above the smallest x value.' },
  yMin: { label: 'Smallest y value', help: 'y values are whole numbers in this range.' },
  yMax: { label: 'Largest y value', help: 'Must be above the smallest y value.' },
  lambdaMin: { label: 'Smallest λ', help: 'The penalty λ is a whole number drawn from this range.' },
  lambdaMax: { label: 'Largest λ', help: 'Must be at least the smallest λ.' },
  convention: {
    label: 'Penalty convention',
    help: 'Which lasso loss the question states: penalty λ|m| (zero from λ = 2|S_xy|) or 2λ|m| (zero from λ = |S_xy|).',
    options: { lambda: 'λ|m| (λ* = 2|S_xy|)', 'two-lambda': '2λ|m| (λ* = |S_xy|)', random: RANDOM },
  },
  p: { label: 'Number of features', help: 'Columns of X in the dataset.' },
}

const BY_TEMPLATE: Record<string, Record<string, ParamWords>> = {
  'choosing-lambda': {
    k: { label: 'Number of folds', help: 'k in k-fold cross-validation.' },
    noise: { label: 'Noise level', help: 'Standard deviation of the noise added to y, in y units.' },
  },
  'constrained-form': {
    kind: { label: 'Penalty', help: 'Whether the question is about the lasso or ridge constraint.', options: { lasso: 'lasso (‖w‖₁ ≤ t)', ridge: 'ridge (‖w‖₂ ≤ t)', random: RANDOM } },
    features: { label: 'Number of features', help: 'One feature or two.', options: { '1': 'one feature', '2': 'two features', random: RANDOM } },
    direction: {
      label: 'Direction',
      help: 'Whether the student is given the budget t and finds λ, or is given λ and finds t.',
      options: { 'from-t': 'given t, find λ', 'from-lambda': 'given λ, find t', random: RANDOM },
    },
    regime: {
      label: 'Constraint',
      help: 'For “given t”: whether the constraint binds, or t is at least the norm of the least-squares fit.',
      options: { active: 'binding (λ > 0)', inactive: 'not binding (λ = 0)', random: RANDOM },
    },
    maxScale: { label: 'Largest column scale', help: 'Each column is an offset plus this scale times ±1; larger scales give larger numbers.' },
  },
  'coordinate-descent-step': {
    regime: {
      label: 'Outcome of the update',
      help: 'Whether the coordinate update lands exactly on 0 (|ρ| ≤ λ) or not.',
      options: { zero: 'lands on 0', nonzero: 'stays nonzero', random: RANDOM },
    },
  },
  'elastic-net-1d': {
    regime: {
      label: 'Regime',
      help: 'Where the lasso part of the penalty puts the slope.',
      options: { zeroed: 'slope exactly 0 (λ₁ ≥ 2|S_xy|)', shrunk: 'shrunk but nonzero', ridge: 'pure ridge (λ₁ = 0)', random: RANDOM },
    },
    lambda2Min: { label: 'Smallest ridge λ₂', help: 'The ridge part λ₂ is a whole number drawn from this range.' },
    lambda2Max: { label: 'Largest ridge λ₂', help: 'Must be at least the smallest λ₂.' },
  },
  'lasso-1d-slope': {
    regime: {
      label: 'Sign of the answer',
      help: 'Which slope the data and λ lead to.',
      options: { positive: 'positive slope', negative: 'negative slope', zero: 'slope exactly 0', random: RANDOM },
    },
  },
  'lasso-2d-sparsity': {
    preferMarginalTrap: {
      label: 'Prefer correlated features',
      help: 'Choose data where testing each feature on its own (|2x̃ⱼᵀỹ| ≤ λ) gives the wrong zero pattern.',
    },
  },
  'lasso-kkt-check': {
    regime: {
      label: 'Sign of the slope (case analysis)',
      help: 'Used by the case-by-case version of the question.',
      options: { positive: 'positive slope', negative: 'negative slope', zero: 'slope exactly 0', random: RANDOM },
    },
    scenario: {
      label: 'Proposed solution (optimality check)',
      help: 'Whether the proposed w is optimal and, if not, which condition fails.',
      options: { optimal: 'optimal', 'nonzero-off': 'a nonzero coefficient breaks its condition', 'zero-violated': 'a zero coefficient breaks |gradient| ≤ λ', random: RANDOM },
    },
    features: { label: 'Number of features (optimality check)', help: 'Columns of X in the optimality-check version.' },
  },
  'lasso-standardization': {
    factors: {
      label: 'Unit changes offered',
      help: 'The second feature is multiplied by one of the chosen factors (a change of units, e.g. metres to centimetres).',
      options: { '10': '× 10', '100': '× 100', '1000': '× 1000' },
    },
  },
  'penalty-conventions': {
    given: { label: 'Convention of the given λ', help: 'The loss in which the λ given to the student is stated.', options: { lambda: 'λ|m|', 'two-lambda': '2λ|m|', random: RANDOM } },
    alphas: { label: 'scikit-learn α values', help: 'Numbers separated by commas; one is used in the “which λ is this α” part.' },
  },
  'ridge-1d-slope': {
    fractions: { label: 'Shrink fractions', help: 'Fractions between 0 and 1, separated by commas (1/3 allowed); the shrink part asks for λ giving that fraction of the OLS slope.' },
  },
  'ridge-2d': {
    askIntercept: { label: 'Also ask for the intercept', help: 'Adds a part asking for b = ȳ − x̄ᵀw.' },
  },
  'ridge-vs-lasso': {
    regime: {
      label: 'Regime',
      help: 'Whether λ is large enough to make the lasso slope exactly 0 (ridge never is).',
      options: { 'lasso-zero': 'lasso exactly 0', 'both-nonzero': 'both nonzero', random: RANDOM },
    },
  },
  'sparsity-concepts': {
    stems: {
      label: 'Questions that may be asked',
      help: 'One of the chosen questions is drawn for each student.',
      options: { geometry: 'the geometry of the L1 diamond', gradient: 'the constant pull of |w| near 0', subgradient: 'the subgradient interval at 0', ridge: 'why ridge (the L2 circle) almost never gives 0' },
    },
    options: { label: 'Number of options', help: 'How many answers are shown; one is right.' },
  },
  'subgradient-at-zero': {
    regime: {
      label: 'Regime',
      help: 'Whether m = 0 is the optimum (λ ≥ 2|S_xy|) or not.',
      options: { 'zero-optimal': 'zero is optimal', 'not-optimal': 'zero is not optimal', random: RANDOM },
    },
    slopes: { label: 'Slopes m₀ asked about', help: 'Positive numbers separated by commas; the penalty derivative is asked at one of them (random sign).' },
  },
}
// The case analysis is defined beside the optimality check and shares its parameters.
BY_TEMPLATE['lasso-case-analysis'] = BY_TEMPLATE['lasso-kkt-check']

/** The words for one parameter of one template, or undefined when none were written. */
export function paramWords(templateId: string, name: string): ParamWords | undefined {
  return BY_TEMPLATE[templateId]?.[name] ?? COMMON[name]
}
