-- CreateTable
CREATE TABLE "Dataset" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "courseId" TEXT NOT NULL,
    "name" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Dataset_courseId_fkey" FOREIGN KEY ("courseId") REFERENCES "Course" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- CreateTable
CREATE TABLE "DatasetVersion" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "datasetId" TEXT NOT NULL,
    "version" INTEGER NOT NULL,
    "fileName" TEXT NOT NULL,
    "source" TEXT NOT NULL DEFAULT '',
    "columns" TEXT NOT NULL,
    "rows" TEXT NOT NULL,
    "rowCount" INTEGER NOT NULL,
    "sha256" TEXT NOT NULL,
    "uploadedById" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "DatasetVersion_datasetId_fkey" FOREIGN KEY ("datasetId") REFERENCES "Dataset" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);

-- RedefineTables
PRAGMA defer_foreign_keys=ON;
PRAGMA foreign_keys=OFF;
CREATE TABLE "new_AssignmentItem" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "assignmentId" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "points" REAL NOT NULL DEFAULT 1,
    "position" INTEGER NOT NULL,
    "tolerance" TEXT,
    "datasetVersionId" TEXT,
    "dataColumns" TEXT,
    CONSTRAINT "AssignmentItem_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "AssignmentItem_assignmentId_fkey" FOREIGN KEY ("assignmentId") REFERENCES "Assignment" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_AssignmentItem" ("assignmentId", "id", "params", "points", "position", "templateId", "tolerance") SELECT "assignmentId", "id", "params", "points", "position", "templateId", "tolerance" FROM "AssignmentItem";
DROP TABLE "AssignmentItem";
ALTER TABLE "new_AssignmentItem" RENAME TO "AssignmentItem";
CREATE INDEX "AssignmentItem_assignmentId_position_idx" ON "AssignmentItem"("assignmentId", "position");
CREATE TABLE "new_Variant" (
    "id" TEXT NOT NULL PRIMARY KEY,
    "itemId" TEXT NOT NULL,
    "userId" TEXT NOT NULL,
    "index" INTEGER NOT NULL,
    "seed" TEXT NOT NULL,
    "templateId" TEXT NOT NULL,
    "params" TEXT NOT NULL DEFAULT '{}',
    "templateVersion" INTEGER NOT NULL,
    "solverVersion" TEXT NOT NULL,
    "datasetVersionId" TEXT,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Variant_datasetVersionId_fkey" FOREIGN KEY ("datasetVersionId") REFERENCES "DatasetVersion" ("id") ON DELETE NO ACTION ON UPDATE CASCADE,
    CONSTRAINT "Variant_itemId_fkey" FOREIGN KEY ("itemId") REFERENCES "AssignmentItem" ("id") ON DELETE CASCADE ON UPDATE CASCADE,
    CONSTRAINT "Variant_userId_fkey" FOREIGN KEY ("userId") REFERENCES "User" ("id") ON DELETE CASCADE ON UPDATE CASCADE
);
INSERT INTO "new_Variant" ("createdAt", "id", "index", "itemId", "params", "seed", "solverVersion", "templateId", "templateVersion", "userId") SELECT "createdAt", "id", "index", "itemId", "params", "seed", "solverVersion", "templateId", "templateVersion", "userId" FROM "Variant";
DROP TABLE "Variant";
ALTER TABLE "new_Variant" RENAME TO "Variant";
CREATE UNIQUE INDEX "Variant_itemId_userId_index_key" ON "Variant"("itemId", "userId", "index");
PRAGMA foreign_keys=ON;
PRAGMA defer_foreign_keys=OFF;

-- CreateIndex
CREATE UNIQUE INDEX "Dataset_courseId_name_key" ON "Dataset"("courseId", "name");

-- CreateIndex
CREATE UNIQUE INDEX "DatasetVersion_datasetId_version_key" ON "DatasetVersion"("datasetId", "version");
