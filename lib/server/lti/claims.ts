/**
 * LTI 1.3 / LTI Advantage vocabulary: claim names, message types, roles and scopes (IMS LTI 1.3 core,
 * Deep Linking 2.0, AGS 2.0, NRPS 2.0), and the zod shape of the launch id_token's LTI claims.
 */
import { z } from 'zod'
import type { Role } from '../authz'

const LTI = 'https://purl.imsglobal.org/spec/lti/claim/'
export const CLAIM = {
  messageType: `${LTI}message_type`,
  version: `${LTI}version`,
  deploymentId: `${LTI}deployment_id`,
  targetLinkUri: `${LTI}target_link_uri`,
  resourceLink: `${LTI}resource_link`,
  roles: `${LTI}roles`,
  context: `${LTI}context`,
  custom: `${LTI}custom`,
  ags: 'https://purl.imsglobal.org/spec/lti-ags/claim/endpoint',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice',
  dlSettings: 'https://purl.imsglobal.org/spec/lti-dl/claim/deep_linking_settings',
  dlContentItems: 'https://purl.imsglobal.org/spec/lti-dl/claim/content_items',
  dlData: 'https://purl.imsglobal.org/spec/lti-dl/claim/data',
  dlMsg: 'https://purl.imsglobal.org/spec/lti-dl/claim/msg',
} as const

export const MESSAGE = {
  resourceLink: 'LtiResourceLinkRequest',
  deepLinkingRequest: 'LtiDeepLinkingRequest',
  deepLinkingResponse: 'LtiDeepLinkingResponse',
} as const

export const SCOPE = {
  lineItem: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem',
  lineItemReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly',
  resultReadonly: 'https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly',
  score: 'https://purl.imsglobal.org/spec/lti-ags/scope/score',
  nrps: 'https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly',
} as const

export const MEDIA = {
  score: 'application/vnd.ims.lis.v1.score+json',
  lineItem: 'application/vnd.ims.lis.v2.lineitem+json',
  membership: 'application/vnd.ims.lti-nrps.v2.membershipcontainer+json',
} as const

const MEMBERSHIP = 'http://purl.imsglobal.org/vocab/lis/v2/membership'

/**
 * LTI context roles → LassoLab course role. A teaching assistant is the Instructor sub-role
 * `membership/Instructor#TeachingAssistant`; instructors, content developers and administrators of the context
 * teach; anyone else who is a member learns. Short names ("Instructor") are accepted as the spec allows for
 * context roles. Institution roles (…/institution/person#…) alone do not make anyone staff of a course.
 */
export function mapRoles(roles: readonly string[]): Role {
  const has = (...names: string[]) => roles.some((r) => names.includes(r))
  if (has(`${MEMBERSHIP}/Instructor#TeachingAssistant`, 'TeachingAssistant')) return 'TA'
  if (has(`${MEMBERSHIP}#Instructor`, 'Instructor', `${MEMBERSHIP}#ContentDeveloper`, 'ContentDeveloper', `${MEMBERSHIP}#Administrator`, 'Administrator')) {
    return 'INSTRUCTOR'
  }
  if (roles.some((r) => r.startsWith(`${MEMBERSHIP}/Instructor#`))) return 'INSTRUCTOR'
  return 'STUDENT'
}

const url = z.url().max(2000)
const str = (max = 255) => z.string().min(1).max(max)

/** The LTI claims LassoLab needs from a launch, after jose has checked signature, iss, aud, exp and iat. */
export const launchClaimsSchema = z.object({
  sub: str(255),
  nonce: str(255),
  azp: z.string().max(255).optional(),
  name: z.string().max(200).optional(),
  given_name: z.string().max(200).optional(),
  family_name: z.string().max(200).optional(),
  email: z.string().max(320).optional(),
  [CLAIM.version]: z.literal('1.3.0', { message: 'the LTI version must be 1.3.0' }),
  [CLAIM.messageType]: z.enum([MESSAGE.resourceLink, MESSAGE.deepLinkingRequest]),
  [CLAIM.deploymentId]: str(255),
  [CLAIM.roles]: z.array(z.string().max(500)).max(100),
  [CLAIM.context]: z.object({ id: str(255), title: z.string().max(255).optional(), label: z.string().max(255).optional() }),
  [CLAIM.targetLinkUri]: url.optional(),
  [CLAIM.resourceLink]: z.object({ id: str(255), title: z.string().max(255).optional() }).optional(),
  [CLAIM.custom]: z.record(z.string(), z.unknown()).optional(),
  [CLAIM.ags]: z.object({ scope: z.array(z.string()).default([]), lineitems: url.optional(), lineitem: url.optional() }).optional(),
  [CLAIM.nrps]: z.object({ context_memberships_url: url, service_versions: z.array(z.string()).optional() }).optional(),
  [CLAIM.dlSettings]: z
    .object({
      deep_link_return_url: url,
      accept_types: z.array(z.string()).default([]),
      accept_multiple: z.boolean().optional(),
      data: z.string().max(4000).optional(),
    })
    .optional(),
})
export type LaunchClaims = z.infer<typeof launchClaimsSchema>
