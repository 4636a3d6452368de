/**
 * LangChain's OpenAI-compatible chat client, in a module of its own so that the bundle keeps it in a file of its own
 * (dist/openai-client-*.mjs), loaded by createWritingModel's dynamic import only when a model is configured.
 */
export { ChatOpenAICompletions } from '@langchain/openai';
