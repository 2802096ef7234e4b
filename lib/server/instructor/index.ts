/** Instructor use cases: each takes (db, actor, input) and checks the actor's course role first. */
export * from './assignments'
export * from './courses'
export * from './export'
export * from './extensions'
export * from './gradebook'
export * from './preview'
export * from './regrade'
export * from './results'
