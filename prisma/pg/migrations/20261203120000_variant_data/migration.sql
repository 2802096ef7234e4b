-- AlterTable (a plain ADD COLUMN: the table is not rebuilt)
ALTER TABLE "Variant" ADD COLUMN "data" TEXT;
