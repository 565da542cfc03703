/** Where the CLI writes (stdout, stderr, whether stderr is a terminal). */
export interface CliIo {
  out(text: string): void;
  err(text: string): void;
  /** Whether stderr is a terminal (progress bars only then). */
  tty: boolean;
}
