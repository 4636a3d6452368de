import { paperKey } from '../corpus/paper-ref.ts';
import type { PaperProfile } from '../types.ts';
import { normalise } from './lookup.ts';

/**
 * The same paper written up in several digests (DPO, QLoRA, SAM appear in many): found by its arXiv id or by its
 * name, the part of a title before its colon ("QLoRA: Efficient Finetuning…", "QLoRA：量化 LLM…") or an alias.
 */

/** A name shorter than this ("LM") names too many things to identify a paper. */
const MIN_NAME = 3;

function identities(paper: PaperProfile): string[] {
  const names = [paper.heading, paper.titleEn, ...paper.aliases].map((title) => normalise(title.split(/[:：]/u)[0]!));
  return [...(paper.arxivId ? [`arxiv:${paper.arxivId}`] : []), ...names.filter((name) => name.length >= MIN_NAME)];
}

/** Sets `alsoIn` on every paper that another digest also covers. */
export function linkSamePapers(papers: readonly PaperProfile[]): void {
  const byIdentity = new Map<string, PaperProfile[]>();
  for (const paper of papers) {
    for (const identity of new Set(identities(paper))) byIdentity.set(identity, [...(byIdentity.get(identity) ?? []), paper]);
  }
  for (const paper of papers) {
    const others = new Map<string, PaperProfile>();
    for (const identity of identities(paper)) {
      for (const other of byIdentity.get(identity) ?? []) if (other.digest !== paper.digest) others.set(paperKey(other), other);
    }
    if (others.size > 0) paper.alsoIn = [...others.values()].map(({ digest, section }) => ({ digest, section }));
  }
}
