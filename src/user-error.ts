/**
 * Something the user must fix (a setting, a file, the corpus, the embedding model): every tool shows its message as
 * one line, without a stack (src/cli/run.ts). Each kind extends it where it is thrown, so that the tools recognise them
 * all without importing the code that throws them.
 */
export class UserError extends Error {
  override name = 'UserError';
}
