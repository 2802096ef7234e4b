import { canvasDeveloperKeyConfig } from '@/lib/server/lti/config'
import { requestOrigin, toolBaseUrl } from '@/lib/server/lti/urls'

/** Canvas developer key "Enter URL" configuration (LTI 1.3 JSON). */
export async function GET(req: Request) {
  return Response.json(canvasDeveloperKeyConfig(toolBaseUrl(requestOrigin(req))))
}
