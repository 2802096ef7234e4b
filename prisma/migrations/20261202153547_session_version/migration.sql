-- AlterTable (a plain ADD COLUMN: the table is not rebuilt, so parallel migrations on "User" stay valid)
ALTER TABLE "User" ADD COLUMN "sessionVersion" INTEGER NOT NULL DEFAULT 0;
