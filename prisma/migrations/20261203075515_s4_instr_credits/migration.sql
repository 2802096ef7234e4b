-- CreateTable
CREATE TABLE "ItemCredit" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "score" REAL NOT NULL,
    "reason" TEXT NOT NULL,
    "shareReason" BOOLEAN NOT NULL DEFAULT false,
    "givenById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ItemCredit_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AssignmentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemCredit_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ItemCredit_givenById_fkey" FOREIGN KEY ("givenById") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- AlterTable (a plain ADD COLUMN: the table is not rebuilt, so parallel migrations on "GradeChange" stay valid)
ALTER TABLE "GradeChange" ADD COLUMN "shareReason" BOOLEAN NOT NULL DEFAULT false;

-- CreateIndex
CREATE INDEX "ItemCredit_userId_idx" ON "ItemCredit"("userId");

-- CreateIndex
CREATE UNIQUE INDEX "ItemCredit_itemId_userId_key" ON "ItemCredit"("itemId", "userId");
