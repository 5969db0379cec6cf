/**
 * Rooms nobody has joined yet, by the address that created them: what one address may squat.
 * A room stops counting once someone joins it or it closes. Rooms of exempt creators (trusted
 * addresses, the admin token) are never added.
 */
export class UnjoinedRooms {
  private readonly creatorByRoom = new Map<string, string>();
  private readonly countByAddress = new Map<string, number>();

  /** How many rooms created by `address` nobody has joined yet. */
  heldBy(address: string): number {
    return this.countByAddress.get(address) ?? 0;
  }

  /** `address` created room `roomId`, which nobody has joined yet. */
  created(roomId: string, address: string): void {
    if (this.creatorByRoom.has(roomId)) return;
    this.creatorByRoom.set(roomId, address);
    this.countByAddress.set(address, this.heldBy(address) + 1);
  }

  /** Someone joined room `roomId`, or it closed: it no longer counts against its creator. */
  release(roomId: string): void {
    const address = this.creatorByRoom.get(roomId);
    if (address === undefined) return;
    this.creatorByRoom.delete(roomId);
    const count = this.heldBy(address) - 1;
    if (count <= 0) this.countByAddress.delete(address);
    else this.countByAddress.set(address, count);
  }

  /** Rooms counted, all addresses together. */
  get size(): number {
    return this.creatorByRoom.size;
  }
}
