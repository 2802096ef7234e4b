-- AlterTable
ALTER TABLE "GradeChange" ADD COLUMN     "shareReason" BOOLEAN NOT NULL DEFAULT false;

-- CreateTable
CREATE TABLE "ItemCredit" (
    "id" TEXT NOT NULL,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" DOUBLE PRECISION NOT NULL,
    "reason" TEXT NOT NULL,
    "shareReason" BOOLEAN NOT NULL DEFAULT false,
    "givenById" TEXT NOT NULL,
    "createdAt" TIMESTAMP(3) NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" TIMESTAMP(3) NOT NULL,

    CONSTRAINT "ItemCredit_pkey" PRIMARY KEY ("id")
);

-- CreateIndex
CREATE INDEX "ItemCredit_userId_idx" ON "ItemCredit"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemCredit_itemId_userId_key" ON "ItemCredit"("itemId", "userId");

-- AddForeignKey
ALTER TABLE "ItemCredit" ADD CONSTRAINT "ItemCredit_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AssignmentItem"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemCredit" ADD CONSTRAINT "ItemCredit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;

-- AddForeignKey
ALTER TABLE "ItemCredit" ADD CONSTRAINT "ItemCredit_givenById_fkey" FOREIGN KEY ("givenById") REFERENCES "User"("id") ON DELETE CASCADE ON UPDATE CASCADE;
