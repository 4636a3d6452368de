// `node --import ./test/support/forbid-model-code.mjs …`: any import of @langchain/openai (the model code) fails, so
// a test can show that a process without LLM_BASE_URL never loads it.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@langchain/openai' || specifier.startsWith('@langchain/openai/')) throw new Error('model code loaded: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
