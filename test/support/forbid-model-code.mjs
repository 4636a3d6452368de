// `node --import ./test/support/forbid-model-code.mjs …`: any import of the model code fails (@langchain/openai from
// source, its bundle file dist/openai-client-*.mjs from dist/), so a test can show that a process without
// LLM_BASE_URL never loads it.
import { register } from 'node:module';

const hook = `export async function resolve(specifier, context, next) {
  if (specifier === '@langchain/openai' || specifier.startsWith('@langchain/openai/') || /openai-client/.test(specifier)) throw new Error('model code loaded: ' + specifier);
  return next(specifier, context);
}`;
register(`data:text/javascript,${encodeURIComponent(hook)}`);
