/** Stored on every variant, so a regrade can say which solver graded the original attempt. Bump on any change of results. */
export const SOLVER_VERSION = '1.0.1'
