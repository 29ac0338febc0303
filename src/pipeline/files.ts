/** The unit every stage after `models` passes along: a file of the generated project, in memory. */
export interface GeneratedFile {
  /** Path relative to the output folder, with forward slashes. */
  path: string;
  content: string;
  /**
   * `generated`: hookwright owns it and rewrites it on every run.
   * `scaffolded`: written once when absent, then the user's forever.
   */
  ownership: 'generated' | 'scaffolded';
}
