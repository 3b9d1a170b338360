/** Which way a person's action came in: a page's form, the JSON API, or a link in a mail. */
export type Door = 'page' | 'api' | 'link';

/** Who did something: the seat's holder, the coordinator, or the system itself. */
export interface Actor {
  kind: 'seat' | 'coordinator' | 'system';
  seatId?: string;
  holderId?: string;
  /** Set when the action came through a link in a mail. */
  viaLink?: boolean;
  /**
   * Where a person's action came from, carried with the actor (into workflow updates too) so that
   * every audit row it leads to says so. Absent for the system and in histories recorded before.
   */
  door?: Door;
  /** The client's network, as the audit keeps it. */
  ip?: string;
  /** Someone signed in who used another person's link, having confirmed they act for its holder. */
  signedInAs?: { email: string; name: string };
}

export const system: Actor = { kind: 'system' };
