import { SystemMessage } from '@langchain/core/messages';
import { ChatPromptTemplate } from '@langchain/core/prompts';
import { parseDigestFile } from '../corpus/load.ts';
import { digestLines } from '../corpus/parse.ts';
import type { ParsedDigest } from '../corpus/sections.ts';
import { renderingProblems } from '../corpus/rendering.ts';
import type { Language } from '../types.ts';
import type { WritingModel } from './model.ts';

/**
 * A digest's rendering in the other language written by the operator's model (`npm run translate-corpus`), in the
 * format src/corpus/load.ts reads (`<digest>.en.txt` for a Chinese digest, `<digest>.zh.txt` for an English one;
 * line N renders line N sentence by sentence). Each passage is rendered
 * on its own and must pass the same fidelity check as a rendering written by hand (renderingProblems); a passage that
 * fails is left blank for a person, and listed.
 */

/** Lines rendered together: a passage's lines, or one line on its own (the title, a heading, a sub-heading). */
export interface RenderingUnit {
  /** 0-based line numbers in the digest file. */
  lines: number[];
  /** Where it is, for the list of passages left for a person: "§3 passage 2", "line 1". */
  label: string;
}

/**
 * The text of each line to render, by line number: a text digest's lines as written (its title, numbered headings,
 * paragraphs); a Markdown digest's as read (headings and paragraphs without their markup, links as their text), each
 * at the line its block starts on, which is where src/corpus/load.ts looks for its rendering.
 */
export function linesToRender(file: string, text: string, digest: ParsedDigest): Map<number, string> {
  if (!file.endsWith('.md')) return new Map(digestLines(text).map(({ line, text: written }) => [line, written.trim()]));
  const lines = new Map<number, string>();
  for (const section of digest.sections) {
    lines.set(section.headingLine, section.heading);
    for (const passage of section.passages) {
      if (passage.subheadingLine !== undefined && passage.subheading) lines.set(passage.subheadingLine, passage.subheading);
      for (const line of passage.lines) lines.set(line.line, line.text);
    }
  }
  return new Map([...lines].sort(([a], [b]) => a - b));
}

/** The lines grouped into units, in file order: a passage's lines together; only units `existing` does not render yet. */
export function renderingUnits(digest: ParsedDigest, lines: ReadonlyMap<number, string>, existing: readonly string[] = []): RenderingUnit[] {
  const inPassage = new Map<number, RenderingUnit>();
  for (const section of digest.sections) {
    section.passages.forEach((passage, i) => {
      const unit = { lines: passage.lines.map((l) => l.line), label: `§${section.section} passage ${i + 1}` };
      for (const line of unit.lines) inPassage.set(line, unit);
    });
  }
  const units: RenderingUnit[] = [];
  for (const line of lines.keys()) {
    const unit = inPassage.get(line) ?? { lines: [line], label: `line ${line + 1}` };
    if (!units.includes(unit)) units.push(unit);
  }
  return units.filter((unit) => unit.lines.some((line) => !existing[line]?.trim()));
}

/** What the model is told, per direction: the rules the fidelity check (renderingProblems) then holds it to. */
const DIRECTION: Record<Language, { from: string; to: string; keep: string; hedges: string }> = {
  zh: {
    from: 'Chinese',
    to: 'English',
    keep: 'Latin-script name exactly as written; amounts in 亿/万 may be given in billions/millions',
    hedges: 'Keep hedges ("reportedly", "may", "likely") where the Chinese hedges (据传, 可能, 似乎).',
  },
  en: {
    from: 'English',
    to: 'Chinese',
    keep: 'name written with capitals or digits (LoRA, GPT-4) exactly as written, in Latin script; amounts in billions/millions may be given in 亿/万',
    hedges: 'Keep hedges (据传, 可能, 似乎) where the English hedges ("reportedly", "may", "likely").',
  },
};

const system = (from: Language) => {
  const d = DIRECTION[from];
  return `You translate a passage of a ${d.from} digest of AI research papers into ${d.to}, line by line.
Rules:
- Reply with exactly one line per numbered input line, as "<number>: <${d.to}>", and nothing else.
- Translate each line sentence by sentence: the same number of sentences, in the same order.
- Keep every number, unit, URL, arXiv id and ${d.keep}.
- ${d.hedges}
- Add nothing, leave nothing out.`;
};

const translatePrompts: Record<Language, ChatPromptTemplate> = {
  zh: ChatPromptTemplate.fromMessages([new SystemMessage(system('zh')), ['human', '{lines}']]),
  en: ChatPromptTemplate.fromMessages([new SystemMessage(system('en')), ['human', '{lines}']]),
};

export type UnitRendering = { ok: true; lines: Map<number, string> } | { ok: false; problems: string[] };

/** "1: text" lines of the model's reply, by their number. */
export function parseNumberedLines(reply: string): Map<number, string> {
  const lines = new Map<number, string>();
  for (const [, n, text] of reply.matchAll(/^\s*(\d+)\s*[:.)、：]\s*(.*?)\s*$/gmu)) lines.set(Number(n), text!);
  return lines;
}

/**
 * Renders one unit, written in `from`, into the other language and checks every line of it; an error or timeout of
 * the model is a problem like any other.
 */
export async function renderUnit(model: WritingModel, originals: readonly string[], from: Language = 'zh'): Promise<UnitRendering> {
  const numbered = originals.map((text, i) => `${i + 1}: ${text}`).join('\n');
  let reply: string;
  try {
    const messages = await translatePrompts[from].formatMessages({ lines: numbered });
    // Not streamed: the whole passage is checked before any of it is kept (a non-streamed invoke counts no tokens).
    const message = await model.chat.invoke(messages, { signal: AbortSignal.timeout(model.timeoutMs) });
    reply = message.text;
  } catch (error) {
    return { ok: false, problems: [`the model failed: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`] };
  }
  const rendered = parseNumberedLines(reply);
  const problems: string[] = [];
  const lines = new Map<number, string>();
  originals.forEach((original, i) => {
    const text = rendered.get(i + 1);
    if (!text) {
      problems.push(`line ${i + 1} not rendered`);
      return;
    }
    problems.push(...renderingProblems(original, text, from).map((problem) => `line ${i + 1}: ${problem}`));
    lines.set(i, text);
  });
  return problems.length > 0 ? { ok: false, problems } : { ok: true, lines };
}

export interface DigestRendering {
  /** The rendering file's lines: line N renders line N of the digest; blank where nothing passed the check yet. */
  lines: string[];
  rendered: number;
  leftForAPerson: { label: string; problems: string[] }[];
}

/** Renders every unit `existing` lacks, keeping what `existing` already renders. `onUnit` reports progress. */
export async function renderDigest(
  model: WritingModel,
  file: string,
  text: string,
  existing: readonly string[] = [],
  onUnit?: (done: number, total: number) => void,
): Promise<DigestRendering> {
  const digest = parseDigestFile(file, Buffer.from(text, 'utf8'));
  const toRender = linesToRender(file, text, digest);
  const lines = text
    .replace(/^\uFEFF/u, '')
    .split(/\r?\n/u)
    .map((_, i) => existing[i]?.trim() ?? '');
  const units = renderingUnits(digest, toRender, existing);
  const leftForAPerson: DigestRendering['leftForAPerson'] = [];
  let rendered = 0;
  for (const [done, unit] of units.entries()) {
    const result = await renderUnit(
      model,
      unit.lines.map((line) => toRender.get(line)!),
      digest.language,
    );
    if (result.ok) {
      for (const [i, rendering] of result.lines) lines[unit.lines[i]!] = rendering;
      rendered += 1;
    } else {
      leftForAPerson.push({ label: unit.label, problems: result.problems });
    }
    onUnit?.(done + 1, units.length);
  }
  return { lines, rendered, leftForAPerson };
}
