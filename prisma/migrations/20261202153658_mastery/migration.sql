-- CreateTable
CREATE TABLE "MasteryEvent" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "userId" TEXT NOT NULL,
    "key" TEXT NOT NULL,
    "source" TEXT NOT NULL,
    "attemptId" TEXT,
    "templateId" TEXT NOT NULL,
    "partId" TEXT NOT NULL,
    "correct" BOOLEAN NOT NULL,
    "diagnosis" TEXT,
    "reveals" TEXT NOT NULL DEFAULT '[]',
    "answeredAt" DATETIME NOT NULL,
    CONSTRAINT "MasteryEvent_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "MasteryEvent_attemptId_fkey" FOREIGN KEY ("attemptId") REFERENCES "Attempt" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE INDEX "MasteryEvent_userId_answeredAt_idx" ON "MasteryEvent"("userId", "answeredAt");

-- CreateIndex
CREATE INDEX "MasteryEvent_attemptId_idx" ON "MasteryEvent"("attemptId");

-- CreateIndex
CREATE UNIQUE INDEX "MasteryEvent_userId_key_key" ON "MasteryEvent"("userId", "key");
