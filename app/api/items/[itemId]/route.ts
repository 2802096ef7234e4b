import { db } from '@/lib/db'
import { jsonHandler } from '@/lib/server/http'
import { currentActor } from '@/lib/server/session'
import { openItem } from '@/lib/server/student'

/** The student's current variant of an item: statement, dataset and parts (never the answers). */
export async function GET(req: Request, ctx: { params: Promise<{ itemId: string }> }) {
  const { itemId } = await ctx.params
  return jsonHandler(async () => openItem(db(), await currentActor(req), itemId))
}
