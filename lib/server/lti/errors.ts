/**
 * Why a launch failed, in words for the person who clicked the link in their LMS. The launch page shows the
 * message (never a stack trace) and nothing is created.
 */
export type LaunchErrorCode =
  | 'bad-request'
  | 'unknown-platform'
  | 'state'
  | 'bad-signature'
  | 'unknown-key'
  | 'expired'
  | 'audience'
  | 'nonce'
  | 'deployment'
  | 'claims'
  | 'not-set-up'
  | 'platform-unreachable'

const TITLES: Record<LaunchErrorCode, string> = {
  'bad-request': 'The launch request was incomplete',
  'unknown-platform': 'This LMS is not registered with LassoLab',
  state: 'This launch link has expired or was already used',
  'bad-signature': 'The launch could not be verified',
  'unknown-key': 'The launch was signed with a key LassoLab does not know',
  expired: 'The launch has expired',
  audience: 'The launch was meant for another tool',
  nonce: 'This launch was already used',
  deployment: 'This LMS deployment is not registered with LassoLab',
  claims: 'The launch is missing information LassoLab needs',
  'not-set-up': 'LassoLab is not set up in this course yet',
  'platform-unreachable': 'LassoLab could not reach your LMS',
}

export class LaunchError extends Error {
  readonly code: LaunchErrorCode
  constructor(code: LaunchErrorCode, detail: string) {
    super(detail)
    this.name = 'LaunchError'
    this.code = code
  }
  get title(): string {
    return TITLES[this.code]
  }
}

export const isLaunchError = (e: unknown): e is LaunchError => e instanceof LaunchError
