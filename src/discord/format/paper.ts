import type { APIEmbed } from 'discord.js';
import { truncate } from './text.ts';
import type { PaperProfile } from '../../types.ts';
import { LIMITS } from './limits.ts';

/** Leaves room for the title, key points and footer within the 6000-character embed budget. */
const SUMMARY_LENGTH = 3000;
const PAPER_COLOR = 0x2b8a3e;

/** The /paper card: section and titles, arXiv link, the digest's summary and key points. */
export function paperEmbed(paper: PaperProfile): APIEmbed {
  const description = [`**${paper.titleEn}**`, paper.summary.trim()].filter(Boolean).join('\n\n');
  const keyPoints = paper.keyPoints.map((point) => `• ${point}`).join('\n');
  const embed: APIEmbed = {
    title: paperTitle(paper),
    description: truncate(description, SUMMARY_LENGTH),
    color: PAPER_COLOR,
    fields: [],
    footer: { text: truncate(`试试 /ask：${paper.exampleQuestion}`, 300) },
  };
  if (paper.arxivUrl) {
    embed.url = paper.arxivUrl;
    embed.fields!.push({ name: 'arXiv', value: paper.arxivUrl, inline: true });
  }
  if (keyPoints) embed.fields!.push({ name: '要点', value: truncate(keyPoints, LIMITS.fieldValue) });
  return embed;
}

/** "§3 QLoRA:…": how every card and post names a paper. */
export function paperTitle(paper: PaperProfile): string {
  return truncate(`§${paper.section} ${paper.headingZh}`, LIMITS.embedTitle);
}

/** The "did you mean …" reply for a query that names no paper. */
export function paperNotFoundText(query: string, suggestions: readonly PaperProfile[]): string {
  const shown = truncate(query.trim(), 100);
  if (suggestions.length === 0) {
    return `没有找到与「${shown}」相符的论文。可以输入标题、别名、章节号或 arXiv 编号，或从 /paper 的自动补全中选择。`;
  }
  const lines = suggestions.map((paper) => `• §${paper.section} ${paper.headingZh}（${paper.titleEn}）`);
  return truncate(`没有找到「${shown}」。你是不是要找：\n${lines.join('\n')}`, LIMITS.content);
}
