import { db } from '@/lib/db'
import { csvResponse } from '@/lib/server/instructor/export'
import { myMasteryCsv } from '@/lib/server/mastery'
import { currentActor } from '@/lib/server/session'

/** The signed-in student's skill levels as CSV. */
export async function GET(req: Request) {
  return csvResponse(async () => myMasteryCsv(db(), await currentActor(req)))
}
