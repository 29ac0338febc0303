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
  /** Already in prettier's style (copied from a formatted static template): `format` skips it. */
  preformatted?: boolean;
  /** Small and self-contained (a model, a handler stub): may be formatted together with others. */
  batchFormat?: boolean;
}
