/**
 * Global setup of the integration project: migrates one template database per run (template.ts) and provides
 * it to every test file, whose helpers.ts freshDb() copies it; removes it after the run.
 */
import type { TestProject } from 'vitest/node'
import { createTemplate } from './template'

export default async function setup(project: TestProject) {
  const template = await createTemplate()
  project.provide('integrationTemplate', template.location)
  return () => template.remove()
}
