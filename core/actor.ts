/** Who did something: the seat's holder, the coordinator, or the system itself. */
export interface Actor {
  kind: 'seat' | 'coordinator' | 'system';
  seatId?: string;
  holderId?: string;
  /** Set when the action came through a link in a mail. */
  viaLink?: boolean;
}

export const system: Actor = { kind: 'system' };
