/** TWS hands out order ids that only grow; a client may also pick any id above the last one used. */
export class OrderIds {
  private next: number;

  constructor(first = 1) {
    this.next = first;
  }

  peekNextOrderId(): number {
    return this.next;
  }

  /** Records an id a client used, so the next valid id stays above it. */
  markUsed(id: number): void {
    if (id >= this.next) this.next = id + 1;
  }
}
