/** What an LMS administrator pastes: the Canvas developer-key JSON and the Moodle "external tool" fields. */
import { SCOPE } from './claims'
import { toolUrls } from './urls'

export function canvasDeveloperKeyConfig(base: string) {
  const u = toolUrls(base)
  const domain = new URL(base).host
  return {
    title: 'LassoLab',
    description: 'Auto-graded exercises on OLS, ridge and lasso regression, with worked derivations.',
    oidc_initiation_url: u.login,
    target_link_uri: u.launch,
    public_jwk_url: u.jwks,
    scopes: [SCOPE.lineItem, SCOPE.lineItemReadonly, SCOPE.resultReadonly, SCOPE.score, SCOPE.nrps],
    extensions: [
      {
        domain,
        tool_id: 'lassolab',
        platform: 'canvas.instructure.com',
        privacy_level: 'public',
        settings: {
          text: 'LassoLab',
          placements: [
            { placement: 'link_selection', message_type: 'LtiDeepLinkingRequest', target_link_uri: u.launch },
            { placement: 'assignment_selection', message_type: 'LtiDeepLinkingRequest', target_link_uri: u.launch },
            { placement: 'course_navigation', message_type: 'LtiResourceLinkRequest', target_link_uri: u.launch, default: 'enabled' },
          ],
        },
      },
    ],
    custom_fields: {},
  }
}

export function moodleToolSettings(base: string) {
  const u = toolUrls(base)
  return [
    { label: 'Tool name', value: 'LassoLab' },
    { label: 'Tool URL', value: u.launch },
    { label: 'LTI version', value: 'LTI 1.3' },
    { label: 'Public key type', value: 'Keyset URL' },
    { label: 'Public keyset', value: u.jwks },
    { label: 'Initiate login URL', value: u.login },
    { label: 'Redirection URI(s)', value: u.launch },
    { label: 'Supports Deep Linking (Content-Item Message)', value: 'Yes' },
    { label: 'Content Selection URL', value: u.launch },
    { label: 'IMS LTI Assignment and Grade Services', value: 'Use this service for grade sync and column management' },
    { label: 'IMS LTI Names and Role Provisioning', value: 'Use this service to retrieve members’ information as per privacy settings' },
    { label: 'Share launcher’s name / email with the tool', value: 'Always' },
  ]
}
