-- AlterTable (a plain ADD COLUMN: the table is not rebuilt)
ALTER TABLE "ExamSettings" ADD COLUMN "closeNotifiedAt" TIMESTAMP(3);
