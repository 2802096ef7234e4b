-- CreateTable
CREATE TABLE "ExamSettings" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "timeLimitSeconds" INTEGER NOT NULL,
    "accessCode" TEXT,
    "oneAtATime" BOOLEAN NOT NULL DEFAULT false,
    "perQuestionCheck" BOOLEAN NOT NULL DEFAULT false,
    "review" TEXT NOT NULL DEFAULT '{}',
    "releaseAt" DATETIME,
    "releasedById" TEXT,
    "releaseNotifiedAt" DATETIME,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "ExamSettings_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamAccommodation" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "timeMultiplier" REAL NOT NULL DEFAULT 1,
    "extraSeconds" INTEGER NOT NULL DEFAULT 0,
    "opensAt" DATETIME,
    "closesAt" DATETIME,
    "grantedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "ExamAccommodation_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamAccommodation_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "ExamSession" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "startedAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    "deadlineAt" DATETIME NOT NULL,
    "status" TEXT NOT NULL DEFAULT 'ACTIVE',
    "submittedAt" DATETIME,
    "submittedBy" TEXT,
    CONSTRAINT "ExamSession_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "ExamSession_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "Draft" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "variantId" TEXT NOT NULL,
    "answers" TEXT NOT NULL,
    "version" INTEGER NOT NULL DEFAULT 0,
    "updatedAt" DATETIME NOT NULL,
    CONSTRAINT "Draft_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AssignmentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Draft_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateIndex
CREATE UNIQUE INDEX "ExamSettings_assignmentId_key" ON "ExamSettings"("assignmentId");

-- CreateIndex
CREATE INDEX "ExamSettings_releaseAt_releaseNotifiedAt_idx" ON "ExamSettings"("releaseAt", "releaseNotifiedAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExamAccommodation_assignmentId_userId_key" ON "ExamAccommodation"("assignmentId", "userId");

-- CreateIndex
CREATE INDEX "ExamSession_status_deadlineAt_idx" ON "ExamSession"("status", "deadlineAt");

-- CreateIndex
CREATE UNIQUE INDEX "ExamSession_assignmentId_userId_key" ON "ExamSession"("assignmentId", "userId");

-- CreateIndex
CREATE UNIQUE INDEX "Draft_userId_itemId_key" ON "Draft"("userId", "itemId");
