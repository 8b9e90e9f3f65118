import type { Connection } from "../connection";
import type { FieldReader } from "../protocol/field-reader";
import type { Simulator } from "../simulator";

/** Handles one client request; the reader is positioned just after the message id. */
export type Handler = (sim: Simulator, conn: Connection, r: FieldReader) => void;
