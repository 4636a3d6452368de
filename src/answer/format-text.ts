import type { Answer } from '../types.ts';
import { t } from '../messages/catalogue.ts';

/**
 * An answer as plain text for a terminal: the notice of a written answer that fell back to quotes, the answer, then
 * its numbered sources with the quoted passages.
 */
export function formatAnswerText(answer: Answer): string {
  const lines = [...(answer.notice ? [answer.notice] : []), answer.answer];
  if (answer.citations.length > 0) {
    lines.push('', `${t(answer.language, 'sources')}:`);
    for (const c of answer.citations) {
      const where = `§${c.section} ${c.title}${c.subheading ? ` · ${c.subheading}` : ''}`;
      lines.push(`[${c.n}] ${where}  (${c.passageId}${c.arxivUrl ? `, ${c.arxivUrl}` : ''})`);
      lines.push(...c.text.split('\n').map((line) => `    ${line}`));
    }
  }
  return lines.join('\n');
}
