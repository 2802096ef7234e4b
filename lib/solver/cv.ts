/**
 * Choosing λ: k-fold cross-validation of the lasso, the one-standard-error rule, and standardizing features.
 * The solver holds no randomness: the caller draws the order of the samples (from the variant's seed) and
 * kFoldAssignment deals them into folds.
 */
import { SolverInputError } from './errors'
import { lassoPath } from './lasso'
import { accurateMean } from './stats'
import { checkLambda, checkXY } from './validate'

/**
 * Fold ids for n samples dealt round-robin in the given order: sample order[i] goes to fold i mod k, so the
 * fold sizes differ by at most one (as scikit-learn's KFold). `order` must be a permutation of 0..n−1.
 */
export function kFoldAssignment(order: readonly number[], k: number): number[] {
  const n = order.length
  if (!Number.isInteger(k) || k < 2 || k > n) throw new SolverInputError(`k must be an integer in 2..${n}, got ${k}.`)
  const folds = new Array<number>(n).fill(-1)
  order.forEach((i, pos) => {
    if (!Number.isInteger(i) || i < 0 || i >= n || folds[i] !== -1) throw new SolverInputError('order must be a permutation of 0..n−1.')
    folds[i] = pos % k
  })
  return folds
}

export interface CrossValidation {
  lambdas: number[]
  /** foldErrors[f][l]: mean squared prediction error on fold f of the fit on the other folds at lambdas[l]. */
  foldErrors: number[][]
  /** The mean over folds of foldErrors, per λ. */
  meanError: number[]
  /** The standard error of that mean: sd of the fold errors (divisor k − 1) / √k. */
  standardError: number[]
  /** The index of the smallest mean error (the larger λ on a tie). */
  best: number
  /** One-standard-error rule: the index of the largest λ whose mean error ≤ meanError[best] + standardError[best]. */
  oneSe: number
}

/**
 * k-fold cross-validation of the lasso (loss ||y − Xw − b||² + λ||w||₁, intercept fitted on each training set):
 * for each fold, fit on the other folds at every λ (lassoPath) and average the squared errors of the predictions
 * on the fold. `folds[i]` is the fold of sample i (0..k−1, each fold non-empty, e.g. from kFoldAssignment).
 * Throws SolverInputError on bad input.
 */
export function lassoCrossValidation(
  X: readonly (readonly number[])[],
  y: readonly number[],
  lambdas: readonly number[],
  folds: readonly number[],
): CrossValidation {
  const { n } = checkXY(X, y)
  if (lambdas.length === 0) throw new SolverInputError('lambdas must be a non-empty array.')
  for (let i = 0; i < lambdas.length; i++) checkLambda(lambdas[i], `lambdas[${i}]`)
  if (folds.length !== n) throw new SolverInputError(`folds has ${folds.length} entries for ${n} samples.`)
  const k = Math.max(...folds) + 1
  for (let f = 0; f < k; f++) {
    const size = folds.filter((g) => g === f).length
    if (size === 0 || size === n) throw new SolverInputError(`Fold ${f} is empty or holds every sample.`)
  }
  if (folds.some((f) => !Number.isInteger(f) || f < 0)) throw new SolverInputError('Fold ids must be integers 0..k−1.')
  const foldErrors: number[][] = []
  for (let f = 0; f < k; f++) {
    const train = folds.map((g, i) => (g === f ? -1 : i)).filter((i) => i >= 0)
    const test = folds.map((g, i) => (g === f ? i : -1)).filter((i) => i >= 0)
    const path = lassoPath(
      train.map((i) => X[i]),
      train.map((i) => y[i]),
      lambdas,
    )
    foldErrors.push(
      lambdas.map((_, l) =>
        accurateMean(
          test.map((i) => {
            const pred = path.intercepts[l] + X[i].reduce((s, x, j) => s + x * path.coefs[l][j], 0)
            return (y[i] - pred) ** 2
          }),
        ),
      ),
    )
  }
  const meanError = lambdas.map((_, l) => accurateMean(foldErrors.map((e) => e[l])))
  const standardError = lambdas.map((_, l) => {
    const m = meanError[l]
    const ss = foldErrors.reduce((s, e) => s + (e[l] - m) ** 2, 0)
    return Math.sqrt(ss / (k - 1)) / Math.sqrt(k)
  })
  const { best, oneSe } = chooseLambda(lambdas, meanError, standardError)
  return { lambdas: [...lambdas], foldErrors, meanError, standardError, best, oneSe }
}

/**
 * From a table of validation errors: `best`, the index of the smallest mean error (the larger λ on a tie), and
 * `oneSe`, the index of the largest λ whose mean error is within one standard error of that minimum
 * (meanError ≤ meanError[best] + standardError[best]): the simplest model statistically as good as the best.
 */
export function chooseLambda(
  lambdas: readonly number[],
  meanError: readonly number[],
  standardError: readonly number[],
): { best: number; oneSe: number } {
  if (lambdas.length === 0 || meanError.length !== lambdas.length || standardError.length !== lambdas.length) {
    throw new SolverInputError('lambdas, meanError and standardError must be non-empty and of the same length.')
  }
  let best = 0
  for (let l = 1; l < lambdas.length; l++) {
    if (meanError[l] < meanError[best] || (meanError[l] === meanError[best] && lambdas[l] > lambdas[best])) best = l
  }
  const bound = meanError[best] + standardError[best]
  let oneSe = best
  for (let l = 0; l < lambdas.length; l++) if (meanError[l] <= bound && lambdas[l] > lambdas[oneSe]) oneSe = l
  return { best, oneSe }
}

/**
 * Standardizes the columns of X: (x_ij − x̄_j)/s_j with s_j = √(Σ_i(x_ij − x̄_j)²/n) (the population standard
 * deviation, as scikit-learn's StandardScaler). A constant column stays 0 (s_j reported as 0).
 */
export function standardizeColumns(X: readonly (readonly number[])[]): { Z: number[][]; mean: number[]; scale: number[] } {
  const { p } = checkXY(X, new Array<number>(X.length).fill(0))
  const mean: number[] = []
  const scale: number[] = []
  for (let j = 0; j < p; j++) {
    const col = X.map((r) => r[j])
    const m = col.every((v) => v === col[0]) ? col[0] : accurateMean(col)
    mean.push(m)
    scale.push(Math.sqrt(accurateMean(col.map((v) => (v - m) ** 2))))
  }
  const Z = X.map((r) => r.map((v, j) => (scale[j] > 0 ? (v - mean[j]) / scale[j] : 0)))
  return { Z, mean, scale }
}
