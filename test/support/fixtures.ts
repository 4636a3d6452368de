/** Small hand-made papers, citations and a scripted QaService for tests that must not load the real model. */
import { MAX_QUESTION_CHARS } from '../../src/answer/question.ts';
import { passageId } from '../../src/corpus/paper-ref.ts';
import { type Answer, type AskOptions, type Citation, InvalidQuestionError, type PaperProfile, type QaService } from '../../src/types.ts';

const DIGEST = 'ten-noteworthy-ai-papers-2023';

function profile(section: number, heading: string, titleEn: string, arxivId: string | undefined, aliases: string[]): PaperProfile {
  const arxivUrl = arxivId ? `https://arxiv.org/abs/${arxivId}` : undefined;
  return {
    digest: DIGEST,
    section,
    heading,
    titleEn,
    arxivId,
    arxivUrl,
    aliases,
    links: arxivUrl ? [arxivUrl] : [],
    tags: { en: [], zh: [] },
    discusses: [],
    summary: `${heading}的摘要。`,
    keyPoints: [`${aliases[0] ?? heading} 的要点一`, '要点二'],
    exampleQuestion: `${aliases[0] ?? heading} 解决了什么问题？`,
  };
}

export const papers: PaperProfile[] = [
  profile(
    1,
    'Pythia——从大规模训练运行中获得的见解',
    'Pythia: A Suite for Analyzing Large Language Models Across Training and Scaling',
    '2304.01373',
    ['Pythia'],
  ),
  profile(2, 'Llama 2:开放基础和精细调整的聊天模型', 'Llama 2: Open Foundation and Fine-Tuned Chat Models', '2307.09288', ['Llama 2', 'Llama2']),
  profile(3, 'QLoRA:高效微调量化 LLM', 'QLoRA: Efficient Finetuning of Quantized LLMs', '2305.14314', ['QLoRA']),
  profile(4, 'BloombergGPT:金融大型语言模型', 'BloombergGPT: A Large Language Model for Finance', '2303.17564', ['BloombergGPT']),
  profile(5, '直接偏好优化(DPO)', 'Direct Preference Optimization: Your Language Model is Secretly a Reward Model', '2305.18290', ['DPO']),
  profile(6, 'Mistral 7B', 'Mistral 7B', undefined, ['Mistral']),
];

export function citation(n: number, section: number, text: string): Citation {
  const paper = papers.find((p) => p.section === section)!;
  return {
    n,
    digest: DIGEST,
    section,
    title: paper.heading,
    passageId: passageId(paper, n),
    text,
    score: 0.9 - n / 100,
    arxivUrl: paper.arxivUrl,
  };
}

export function answer(question: string, text: string, citations: Citation[]): Answer {
  return { question, answered: citations.length > 0, answer: text, citations, language: 'zh', kind: citations.length > 0 ? 'quoted' : 'refusal' };
}

/** Answers every question from §3 (QLoRA); throws on "💥"; rejects empty and over-long questions like the real core. */
export class ScriptedQa implements QaService {
  readonly papers = papers;
  readonly asked: { question: string; options?: AskOptions }[] = [];

  async ask(question: string, options?: AskOptions): Promise<Answer> {
    this.asked.push({ question, options });
    if (!question.trim()) throw new InvalidQuestionError('问题是空的。', 'empty');
    if (question.length > MAX_QUESTION_CHARS) throw new InvalidQuestionError(`问题太长了，请控制在 ${MAX_QUESTION_CHARS} 字以内。`, 'too-long');
    if (question.includes('💥')) throw new Error('scripted failure');
    const followUp = options?.previous ? '（接着上一个问题）' : '';
    return answer(question, `${followUp}QLoRA 把 4 位量化与低秩适配器结合，可以在单个 48GB GPU 上微调 65B 模型[1]。`, [
      citation(1, 3, 'QLoRA 通过 4 位 NormalFloat 量化和分页优化器，把 65B 模型的微调显存需求降到 48GB 以内。'),
    ]);
  }
}

/**
 * Wraps a real QaService to record what the bot asked and to fail on demand ("💥"), so tests can check
 * follow-up context and error handling while every answer still comes from the real core.
 */
export class RecordingQa implements QaService {
  readonly asked: { question: string; options?: AskOptions }[] = [];

  constructor(private readonly inner: QaService) {}

  get papers(): readonly PaperProfile[] {
    return this.inner.papers;
  }

  async ask(question: string, options?: AskOptions): Promise<Answer> {
    this.asked.push({ question, options });
    if (question.includes('💥')) throw new Error('scripted failure');
    return this.inner.ask(question, options);
  }
}

/** §10 as the catalogue has it: headed "Align your Latents" (2304.08818), while its text is about Emu Video (2311.10709). */
export function alignYourLatents(base: PaperProfile): PaperProfile {
  const title = 'Align Your Latents: High-Resolution Video Synthesis with Latent Diffusion Models';
  return {
    ...base,
    section: 10,
    heading: '调整你的潜在因素:高分辨率视频合成与潜在扩散模型',
    headingEn: title,
    titleEn: title,
    arxivId: '2304.08818',
    arxivUrl: 'https://arxiv.org/abs/2304.08818',
    textArxivUrl: 'https://arxiv.org/abs/2311.10709',
    aliases: ['Align your Latents'],
    discusses: [
      {
        titleEn: 'Emu Video: Factorizing Text-to-Video Generation by Explicit Image Conditioning',
        arxivId: '2311.10709',
        aliases: ['Emu Video'],
        textIsAbout: true,
      },
    ],
    en: {
      title,
      summary: 'Emu Video is another notable computer vision project from Meta.',
      keyPoints: ['Emu is a text-to-video model.'],
      exampleQuestion: 'What are the main contributions of Emu Video?',
    },
  };
}
