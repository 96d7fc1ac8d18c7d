/** A broken guarantee, found in the history or in ZooKeeper at the end of a run. */
export interface Violation {
  /** Which checker found it: `mutex`, `leader`, `discovery`, `config`, `barrier`. */
  checker: string;
  message: string;
  /** When it happened (`clockMs`): the history around it is printed. */
  at: number;
  /** The clients involved (the printed history slice is theirs, plus the faults). */
  clients: string[];
}
