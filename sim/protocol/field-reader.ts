/** A cursor over one request's fields, mirroring how TWS reads them (empty numbers are 0 or unset). */
export class FieldReader {
  private pos = 0;
  constructor(private readonly fields: readonly string[]) {}

  get remaining(): number {
    return this.fields.length - this.pos;
  }

  str(): string {
    const v = this.fields[this.pos];
    this.pos++;
    return v ?? "";
  }

  int(): number {
    const v = parseInt(this.str(), 10);
    return Number.isNaN(v) ? 0 : v;
  }

  /** An integer that may be left empty by the client (undefined), or the Integer.MAX_VALUE "unset" marker. */
  intOrUndefined(): number | undefined {
    const s = this.str();
    if (s === "") return undefined;
    const v = parseInt(s, 10);
    return Number.isNaN(v) || v === 2147483647 ? undefined : v;
  }

  float(): number {
    const v = parseFloat(this.str());
    return Number.isNaN(v) ? 0 : v;
  }

  floatOrUndefined(): number | undefined {
    const s = this.str();
    if (s === "") return undefined;
    const v = parseFloat(s);
    return Number.isNaN(v) || v === Number.MAX_VALUE ? undefined : v;
  }

  bool(): boolean {
    const s = this.str();
    return s !== "" && s !== "0" && s.toLowerCase() !== "false";
  }

  skip(n: number): void {
    this.pos += n;
  }
}
