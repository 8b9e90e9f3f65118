-- Orders at TWS: what each proposal became once approved, its fills, stop losses and cancel requests.
ALTER TABLE "Proposal" ADD COLUMN "kind" TEXT NOT NULL DEFAULT 'entry';
ALTER TABLE "Proposal" ADD COLUMN "parentId" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "stopPrice" REAL;
ALTER TABLE "Proposal" ADD COLUMN "revision" INTEGER NOT NULL DEFAULT 1;
ALTER TABLE "Proposal" ADD COLUMN "approvedBy" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "approvedAt" DATETIME;
ALTER TABLE "Proposal" ADD COLUMN "orderId" INTEGER;
ALTER TABLE "Proposal" ADD COLUMN "permId" INTEGER;
ALTER TABLE "Proposal" ADD COLUMN "transmittedAt" DATETIME;
ALTER TABLE "Proposal" ADD COLUMN "twsStatus" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "statusMessage" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "filledQuantity" REAL NOT NULL DEFAULT 0;
ALTER TABLE "Proposal" ADD COLUMN "avgFillPrice" REAL;
ALTER TABLE "Proposal" ADD COLUMN "commission" REAL NOT NULL DEFAULT 0;
ALTER TABLE "Proposal" ADD COLUMN "cancelRequestedBy" TEXT;
ALTER TABLE "Proposal" ADD COLUMN "cancelRequestedAt" DATETIME;
ALTER TABLE "Proposal" ADD COLUMN "stopLossDismissedAt" DATETIME;

CREATE INDEX "Proposal_parentId_idx" ON "Proposal"("parentId");
CREATE INDEX "Proposal_orderId_idx" ON "Proposal"("orderId");

-- CreateTable
CREATE TABLE "Execution" (
    "execId" TEXT NOT NULL PRIMARY KEY,
    "proposalId" TEXT NOT NULL,
    "orderId" INTEGER NOT NULL,
    "conId" INTEGER NOT NULL,
    "secType" TEXT NOT NULL,
    "side" TEXT NOT NULL,
    "shares" REAL NOT NULL,
    "price" REAL NOT NULL,
    "commission" REAL,
    "time" TEXT NOT NULL,
    "createdAt" DATETIME NOT NULL DEFAULT CURRENT_TIMESTAMP,
    CONSTRAINT "Execution_proposalId_fkey" FOREIGN KEY ("proposalId") REFERENCES "Proposal" ("id") ON DELETE RESTRICT ON UPDATE CASCADE
);

CREATE INDEX "Execution_proposalId_idx" ON "Execution"("proposalId");
CREATE TRIGGER "Execution_no_delete" BEFORE DELETE ON "Execution" BEGIN SELECT RAISE(ABORT, 'executions are never deleted'); END;
