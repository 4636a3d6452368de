import type { BaseChatModel } from '@langchain/core/language_models/chat_models';
import type { LlmConfig } from '../config.ts';
import { RETRY } from '../util/retry.ts';

/** The operator's model and the budget each use of it gets. */
export interface WritingModel {
  chat: BaseChatModel;
  /** The whole budget of one answer or one translated passage, retries included. */
  timeoutMs: number;
}

/**
 * LangChain's chat model for an OpenAI-compatible endpoint, loaded only when one is configured (the import is
 * dynamic, so without LLM_BASE_URL no model code is loaded). The chat-completions flavour, because that is what
 * Ollama, llama-server, vLLM and LM Studio serve; retried as RETRY.writingModel says. Callers use `.stream()`: a
 * streamed `invoke()` counts tokens with tiktoken, whose data it downloads from the internet.
 */
export async function createWritingModel(llm: LlmConfig): Promise<WritingModel> {
  const { ChatOpenAICompletions } = await import('./openai-client.ts');
  const chat = new ChatOpenAICompletions({
    model: llm.model,
    // Local servers need no key, but the client insists on one.
    apiKey: llm.apiKey ?? 'no-key',
    configuration: { baseURL: llm.baseUrl },
    maxRetries: RETRY.writingModel.maxRetries,
    maxTokens: llm.maxTokens,
    temperature: 0.2,
    timeout: llm.timeoutMs,
    // Some servers reject `stream_options`; usage figures are not needed.
    streamUsage: false,
  });
  return { chat, timeoutMs: llm.timeoutMs };
}
