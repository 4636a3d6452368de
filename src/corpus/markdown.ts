import type { List, ListItem, Nodes, PhrasingContent, Root, RootContent, Table } from 'mdast';
import path from 'node:path';
import { SPACE_RUNS, SPACES } from '../util/regexp.ts';
import { fromMarkdown } from 'mdast-util-from-markdown';
import { frontmatterFromMarkdown } from 'mdast-util-frontmatter';
import { gfmFromMarkdown } from 'mdast-util-gfm';
import { toString } from 'mdast-util-to-string';
import { frontmatter } from 'micromark-extension-frontmatter';
import { gfm } from 'micromark-extension-gfm';
import { parse as parseToml } from 'smol-toml';
import { parse as parseYaml } from 'yaml';
import type { LineRole } from '../types.ts';
import { hasHan } from '../retrieval/function-words.ts';
import { detectLanguage, type DigestBlock, opensLikeCaption, type ParsedDigest, sectionsFromBlocks } from './sections.ts';
import { bibtexFields, bibtexLine, bibtexLinks } from './bibtex.ts';
import { endsSentence, endsWithColon } from './sentence-end.ts';

/**
 * Reads a digest written in Markdown, as groups publish them (blog posts, READMEs): parsed by mdast, so emphasis,
 * inline code and links are read as their text (link targets kept apart, for arXiv ids), lists and tables as lines
 * of text, and images, raw HTML (embedded tweets, scripts) and code blocks dropped (a fenced block of Chinese prose
 * is read as text, a BibTeX entry as a line of its fields). Which headings are papers is decided in sections.ts, the same way for every digest.
 */

/**
 * A paragraph this short that does not end a sentence ("[Abstract](…)", "Figure 2") is a caption, not text; one that
 * introduces a list ("Results:") is text.
 */
const CAPTION_MAX = 40;
/** A paragraph that opens like a caption ("Fig. 4. The model architecture of SSD.") is one up to this length. */
const OPENED_CAPTION_MAX = 160;

/**
 * Template markup of the blogs digests come from, no text: Liquid in Jekyll and Hexo ("{{ site.baseurl }}",
 * "{% post_url … %}", "{% asset_img 1.png %}"), kramdown attribute lists ("{: class="center"}") and heading ids
 * ("## Task-Relevant GAIL {#trail}"). A Liquid value keeps its quoted path, so that
 * "![YOLO]({{ '/assets/yolo.png' | relative_url }})" still parses as an image; a Hugo shortcode keeps its caption
 * ("{{< figure src="…" caption="Figure 4: System overview of R-CNN" >}}"), which reads as a figure caption.
 */
const TEMPLATE_MARKUP = /\{\{[<%](.*?)[>%]\}\}|\{\{(.*?)\}\}|\{%.*?%\}|\{[:#][^}\n]*\}/gu;
const withoutTemplateMarkup = (source: string) =>
  source.replace(TEMPLATE_MARKUP, (_, shortcode: string | undefined, value: string | undefined) => {
    if (shortcode !== undefined) return /\bcaption="((?:[^"\\]|\\.)*)"/u.exec(shortcode)?.[1]?.replace(/\\(.)/gu, '$1') ?? '';
    // The path as a link's destination, where a space would end it: "/assets/pdf/01.A Practical….pdf".
    return value === undefined ? '' : (/'([^']*)'|"([^"]*)"/u.exec(value)?.slice(1).find(Boolean)?.replaceAll(' ', '%20') ?? '');
  });

/**
 * Metadata lines opening a Pelican or MultiMarkdown post, up to the first blank line: "Title: The Illustrated
 * Self-Supervised Learning", "Date: 2020-02-25", "Authors: …". Only where one of them is its title.
 */
const METADATA = /^(?:[A-Za-z][\w-]*:[^\n]*\n)+(?:\n|$)/u;
function metadataTitle(source: string): { title?: string; rest: string } {
  const block = METADATA.exec(source)?.[0];
  const title = block
    ?.split('\n')
    .find((line) => line.toLowerCase().startsWith('title:'))
    ?.slice('title:'.length)
    .trim();
  return block && title ? { title, rest: '\n'.repeat(block.split('\n').length - 1) + source.slice(block.length) } : { rest: source };
}

/**
 * Front matter after blank lines (Hexo and Jekyll read it all the same, CommonMark only on the first line) moved up to
 * the first line, the blank lines put after it: every line after the front matter keeps its number.
 */
function frontMatterFirst(source: string): string {
  const rest = source.trimStart();
  const blanks = source.slice(0, source.length - rest.length);
  const fence = rest.slice(0, 3);
  if (!blanks.endsWith('\n') || !['---\n', '+++\n'].includes(rest.slice(0, 4))) return source;
  const close = rest.indexOf(`\n${fence}`, 3);
  if (close < 0) return source;
  const end = rest.indexOf('\n', close + 1);
  const frontMatter = end < 0 ? rest : rest.slice(0, end + 1);
  return `${frontMatter}${blanks}${rest.slice(frontMatter.length)}`;
}

/** A line opening a display formula: "$$", "$$\\begin{align}", with no "$$" closing it on the same line. */
const MATH_OPENING = /^\s*\$\$(?!.*\$\$)/u;
/** A line closing one: "$$", "$$ (3)" with its equation's number, "\\end{align}$$". */
const MATH_CLOSING = /^\s*\$\$|\$\$\s*$/u;
/** Lines a display formula spans at most; TeX allows no blank line inside one. */
const MATH_MAX_LINES = 60;
/** What opens a block when it opens a line: "= " (a setext underline), "- ", "+ ", "> ", "# ", "1. ", a fence, a tag. */
const BLOCK_MARK = /^(\s*\d*)([-+*=#>`~<|_.)])/u;
/**
 * Display formulas as text of the paragraph they stand in, their lines' opening marks escaped (lines keep their
 * numbers): read as Markdown, a formula's lines are a setext underline ("= ") or a list item ("- D_{KL}(…)") that
 * would cut its paper's section in two. An opening "$$" without its closing line is left as written.
 */
function escapedMath(source: string): string {
  const lines = source.split('\n');
  for (let open = 0; open < lines.length; open++) {
    if (!MATH_OPENING.test(lines[open]!)) continue;
    let close = open + 1;
    while (close < lines.length && close - open <= MATH_MAX_LINES && lines[close]!.trim() && !MATH_CLOSING.test(lines[close]!)) close++;
    if (close >= lines.length || close - open > MATH_MAX_LINES || !lines[close]!.trim()) continue;
    for (let inside = open + 1; inside < close; inside++) lines[inside] = lines[inside]!.replace(BLOCK_MARK, '$1\\$2');
    open = close;
  }
  return lines.join('\n');
}

/** A line opening or closing a Pandoc fenced div (Quarto, R Markdown): ":::", "::: {.callout-note}", ":::: columns". */
const DIV_FENCE = /^\s*:{3,}\s*(\{[^}\n]*\}|[\w-]+)?\s*:*\s*$/u;
/**
 * Pandoc's fenced divs: the source without their fences (lines keep their numbers), and the 0-based lines inside one,
 * where a heading (a callout's title, "## Example" in a box within a paper's section) is a line of text, not a heading
 * of the digest.
 */
function fencedDivs(source: string): { source: string; inside: Set<number> } {
  let open = 0;
  const inside = new Set<number>();
  const lines = source.split('\n').map((line, i) => {
    const fence = DIV_FENCE.exec(line);
    if (!fence) {
      if (open > 0) inside.add(i);
      return line;
    }
    // A fence with attributes or a class opens a div; a bare one closes the innermost.
    open = fence[1] ? open + 1 : Math.max(0, open - 1);
    return '';
  });
  return { source: lines.join('\n'), inside };
}

export function parseMarkdownDigest(digest: string, source: string): ParsedDigest {
  const metadata = metadataTitle(frontMatterFirst(source));
  const divs = fencedDivs(escapedMath(withoutTemplateMarkup(metadata.rest)));
  const tree = fromMarkdown(divs.source, {
    extensions: [gfm(), frontmatter(['yaml', 'toml'])],
    mdastExtensions: [gfmFromMarkdown(), frontmatterFromMarkdown(['yaml', 'toml'])],
  });
  const blocks: DigestBlock[] = [];
  let frontTitle = metadata.title;
  // mdast types know YAML front matter only; TOML comes as a node of its own type with the same value.
  const isToml = (node: RootContent): node is RootContent & { value: string } => (node.type as string) === 'toml';
  for (const node of tree.children) {
    if (node.type === 'yaml') frontTitle = titleOfFrontMatter(node.value, parseYaml);
    if (isToml(node)) frontTitle = titleOfFrontMatter(node.value, parseToml);
  }
  collectChildren(
    tree.children.filter((node) => node.type !== 'yaml' && !isToml(node)),
    blocks,
  );
  const read = boldTitlesAsHeadings(
    blocks.map((block) => (block.kind === 'heading' && divs.inside.has(block.line) ? { ...block, kind: 'text' as const, role: 'caption' as const } : block)),
  );
  const text = read.map((block) => block.text).join('\n');
  return sectionsFromBlocks(digest, read, { title: frontTitle, language: detectLanguage(text) });
}

/** The one node of inline content, whitespace aside; undefined where there are more or none. */
function soleNode(nodes: readonly PhrasingContent[]): PhrasingContent | undefined {
  const content = nodes.filter((node) => node.type !== 'text' || node.value.replace(SHORTCODE, '').trim() !== '');
  return content.length === 1 ? content[0] : undefined;
}

/**
 * Inline content that is one run of bold, linked or not, whitespace aside: "**DeepLab: Semantic Image Segmentation…**",
 * "[**Open-R1**](https://github.com/…)", "**[LIMO](…)**".
 */
function inBoldOnly(nodes: readonly PhrasingContent[]): boolean {
  const only = soleNode(nodes);
  if (only?.type === 'strong') return true;
  return only?.type === 'link' && inBoldOnly(only.children);
}

/** A paragraph citing a paper by its number and its title in book brackets, nothing else: "1.《Shakespearizing Modern Language…》". */
const CITED_TITLE = /^(\d{1,2})\s*[.、．)]\s*《([^》]+)》$/u;
/** Words a link's text needs to be a title rather than a pointer ("[PDF](…)", "[Project page](…)"). */
const LINKED_TITLE_WORDS = 3;
/** Inline content that is one link whose text is a title: "[End-to-End Spelling Correction Conditioned on …](…)". */
function linksTitleOnly(nodes: readonly PhrasingContent[], text: string): boolean {
  const only = soleNode(nodes);
  return only?.type === 'link' && !only.url.startsWith('#') && text.trim().split(SPACES).length >= LINKED_TITLE_WORDS && !endsSentence(text);
}

/**
 * Lines a digest writes where others write headings, in bold or as a linked title: two or more under the same
 * heading, the first of them right under it, each over text of its own and none ending in a colon (a label:
 * "**Results:**"), are headings a level below it ("## Week 1" over "**DeepLab: … (May, 2017)**" and its notes; a post
 * of "[End-to-End Spelling Correction …](…)" over its notes, "---", the next). Under a heading with text of its own
 * they are parts of what it is about ("### LLaMA 4", its introduction, "**Large-Scale RL Infrastructure**"); a single
 * one under a heading is its subtitle. Both stay text.
 */
function boldTitlesAsHeadings(blocks: readonly DigestBlock[]): DigestBlock[] {
  const read = [...blocks];
  let start = 0;
  while (start < read.length) {
    let end = start + 1;
    while (end < read.length && read[end]!.kind !== 'heading') end++;
    const heading = read[start]!.kind === 'heading' ? read[start]! : undefined;
    const titles = [];
    // What a heading's scope opens with, past a rule under the heading.
    let first = heading ? start + 1 : start;
    while (first < end && read[first]!.kind === 'break') first++;
    for (let i = first; i < end; i++) {
      const block = read[i]!;
      const next = read[i + 1];
      if (block.titleLine && !endsWithColon(block.text) && i + 1 < end && next?.kind === 'text' && !next.titleLine) titles.push(i);
    }
    // Papers cited by number and title in book brackets ("1.《Dear Sir or Madam, May I Introduce the GYAFC Dataset…》"),
    // counted 1, 2, 3…, are headings wherever the count starts; the heading is the number and the title.
    const cited: { index: number; text: string }[] = [];
    for (let i = start; i < end; i++) {
      const [, number, title] = (read[i]!.kind === 'text' && CITED_TITLE.exec(read[i]!.text)) || [];
      if (number !== undefined && Number(number) === cited.length + 1) cited.push({ index: i, text: `${number}. ${title}` });
    }
    const asHeading = (index: number, text = read[index]!.text): DigestBlock => ({
      kind: 'heading',
      depth: (heading?.depth ?? 1) + 1,
      text,
      links: read[index]!.links,
      line: read[index]!.line,
    });
    if (cited.length >= 2) for (const { index, text } of cited) read[index] = asHeading(index, text);
    else if (titles.length >= 2 && titles[0] === first) for (const index of titles) read[index] = asHeading(index);
    start = end;
  }
  return read;
}

/** The title of front matter in YAML (Jekyll, Hexo) or TOML (Hugo's "+++"). */
function titleOfFrontMatter(source: string, parse: (source: string) => unknown): string | undefined {
  try {
    const data = parse(source);
    const title = typeof data === 'object' && data !== null ? (data as Record<string, unknown>).title : undefined;
    return typeof title === 'string' && title.trim() ? title.trim() : undefined;
  } catch {
    return undefined; // front matter that does not parse gives no title; the first heading does
  }
}

/**
 * A heading's inline TeX read as the name it writes: "$A^2$-Nets" and "$\\mathbf{A^2}$-Nets" are the "A2-Nets" (NFKC
 * of "A²-Nets") a reader asks about. Prose keeps its TeX as written, for a reader to read.
 */
const withoutTex = (text: string) => text.replace(/\$([^$]+)\$/gu, (_, tex: string) => tex.replace(/\\[A-Za-z]+|[{}^_\s]/gu, ''));

const lineOf = (node: Nodes) => (node.position?.start.line ?? 1) - 1;

function collectBlocks(node: RootContent | Root, blocks: DigestBlock[]): void {
  switch (node.type) {
    case 'heading': {
      const read = phrasing(node.children);
      // A heading that is only a badge or a logo ("## [![CLIP](https://img.shields.io/badge/CLIP-…)](CLIP)") says what its
      // image's alt text says.
      const text = read.text.trim() ? read.text : toString(node);
      pushText(blocks, { kind: 'heading', depth: node.depth, ...read, text: withoutTex(text), line: lineOf(node) });
      return;
    }
    case 'paragraph': {
      const read = phrasing(node.children);
      const titleLine = inBoldOnly(node.children) || linksTitleOnly(node.children, read.text) ? { titleLine: true } : {};
      pushText(blocks, { kind: 'text', role: paragraphRole(read.text), ...read, line: lineOf(node), ...titleLine });
      return;
    }
    case 'list':
      collectList(node, blocks);
      return;
    case 'table':
      collectTable(node, blocks);
      return;
    case 'blockquote':
    case 'root':
      collectChildren(node.children, blocks);
      return;
    case 'thematicBreak':
      blocks.push({ kind: 'break', text: '', links: [], line: lineOf(node) });
      return;
    case 'code': {
      const citation = bibtexFields(node.value);
      if (citation) {
        pushText(blocks, { kind: 'text', role: 'body', text: bibtexLine(citation), links: bibtexLinks(citation), line: lineOf(node) + 1 });
        return;
      }
      // Some notes fence their prose ("```python" around Chinese sentences): that is read line by line; code is not.
      if (chineseProse(node.value)) {
        node.value.split('\n').forEach((text, i) => pushText(blocks, { kind: 'text', role: paragraphRole(text), text, links: [], line: lineOf(node) + 1 + i }));
      }
      return;
    }
    case 'html':
      collectHtml(node.value, lineOf(node), blocks);
      return;
    default:
      // Code, math blocks, definitions and footnotes are not prose to quote.
      return;
  }
}

/** A line that is one HTML heading element: "<h2 class="subtitle">Pattern 1: Reconstruction</h2>". */
const HTML_HEADING = /^\s*<h([1-6])\b[^>]*>(.*?)<\/h\1>\s*$/iu;
/** An HTML tag, opening or closing, with its attributes. */
const HTML_TAG = /<[^>]*>/gu;
/** Where an HTML link points: `<a class="btn" href="https://arxiv.org/abs/1809.08193">Paper</a>`. */
const HREF = /<a\b[^>]*?\bhref\s*=\s*["']([^"']+)["']/giu;
const hrefsOf = (html: string) => [...html.matchAll(HREF)].map((match) => match[1]!);
/** A line that is HTML markup from its start to its end: "<img src=…>", "<p align="center">…</p>", "</div>". */
const WHOLE_TAG_LINE = /^\s*<.*>\s*$/u;

/** A disclosure's summary, what a reader clicks: "<summary><b>Lumiere: A Space-Time Diffusion Model…</b></summary>". */
const SUMMARY = /<summary\b[^>]*>(.*?)<\/summary>/iu;
/** A disclosure's tag, opening ("<details>") or closing ("</details>", its slash captured). */
const DETAILS_TAG = /<(\/?)details\b/giu;
/** How many disclosures a line of HTML opens and closes. */
const disclosureTags = (text: string) => {
  const tags = [...text.matchAll(DETAILS_TAG)];
  return { opened: tags.filter((tag) => !tag[1]).length, closed: tags.filter((tag) => tag[1]).length };
};
const indentOf = (text: string) => text.length - text.trimStart().length;
/**
 * The disclosures (<details>) open where a digest's HTML is read, and the level of the heading they stand under when the
 * outermost one opened: a summary is a heading as many levels below it as it is nested.
 */
const openDisclosures = new WeakMap<DigestBlock[], { open: number; under: number; headings: boolean }>();

/** Markdown lines written inside an HTML block, indented as its tags are: without the indent the text lines share. */
function dedented(lines: readonly string[]): string {
  const indents = lines.filter((text) => text.trim() !== '' && !WHOLE_TAG_LINE.test(text)).map(indentOf);
  const common = indents.length > 0 ? Math.min(...indents) : 0;
  return lines.map((text) => text.slice(Math.min(common, indentOf(text)))).join('\n');
}

/**
 * Raw HTML is dropped (embedded tweets, scripts, image blocks), save what a reader sees as the digest's own: a heading
 * element is a heading, a disclosure's summary a heading under the one it stands below ("#### Representative Works"
 * over "<details><summary><b>Lumiere: …</b></summary>"), and Markdown that CommonMark took into the HTML block for want
 * of a blank line after it ("<h2>Pattern 1</h2>" straight over "## 1. **Image Colorization**", a disclosure's indented
 * text) is read as Markdown.
 */
function collectHtml(html: string, line: number, blocks: DigestBlock[]): void {
  if (PROSE_HTML.test(html)) {
    collectMarkdown(proseOfHtml(html), line, blocks);
    return;
  }
  const disclosures = openDisclosures.get(blocks) ?? { open: 0, under: 0, headings: false };
  openDisclosures.set(blocks, disclosures);
  const lines = html.split('\n');
  const markdownFrom = lines.findIndex((text) => !WHOLE_TAG_LINE.test(text));
  let opensDisclosure = false;
  lines.forEach((text, i) => {
    if (disclosures.open === 0) {
      let lastHeading = blocks.length - 1;
      while (lastHeading >= 0 && !(blocks[lastHeading]!.kind === 'heading' && !blocks[lastHeading]!.summary)) lastHeading--;
      disclosures.under = blocks[lastHeading]?.depth ?? 1;
      // Right under a heading, disclosures are what it holds ("#### Representative Works" over one per paper), and so
      // are the ones after them; after text of its own, one is an aside of that text ("<summary>Full derivation…").
      const since = blocks.slice(lastHeading + 1);
      disclosures.headings = since.some((block) => block.summary) || !since.some((block) => block.kind === 'text');
    }
    const tags = disclosureTags(text);
    opensDisclosure ||= tags.opened > 0;
    disclosures.open += tags.opened;
    const inMarkup = markdownFrom < 0 || i < markdownFrom;
    const heading = inMarkup ? HTML_HEADING.exec(text) : null;
    const summary = inMarkup && disclosures.open > 0 && disclosures.headings ? SUMMARY.exec(text) : null;
    if (heading) pushText(blocks, { kind: 'heading', depth: Number(heading[1]), text: heading[2]!.replace(HTML_TAG, ''), links: hrefsOf(heading[2]!), line: line + i });
    else if (summary) {
      const read = phrasingOfMarkdown(summary[1]!.replace(HTML_TAG, ''));
      pushText(blocks, { kind: 'heading', depth: disclosures.under + disclosures.open, ...read, line: line + i, summary: true });
    }
    disclosures.open = Math.max(0, disclosures.open - tags.closed);
  });
  // A block that opens with a tag left open ("<p>text…") is HTML throughout: nothing of it is Markdown.
  if (markdownFrom <= 0) return;
  const markdown = lines.slice(markdownFrom);
  collectMarkdown(opensDisclosure ? dedented(markdown) : markdown.join('\n'), line + markdownFrom, blocks);
}

/** Markdown found inside HTML, parsed as the digest's Markdown is (GFM), without front matter. */
const markdownFragment = (markdown: string) => fromMarkdown(markdown, { extensions: [gfm()], mdastExtensions: [gfmFromMarkdown()] }).children;

/** The text and links of one line of inline Markdown ("2022 [MegaBlocks: …](https://arxiv.org/abs/2211.15841)"). */
function phrasingOfMarkdown(markdown: string): { text: string; links: string[] } {
  const [paragraph] = markdownFragment(markdown);
  return paragraph?.type === 'paragraph' ? phrasing(paragraph.children) : { text: markdown.trim(), links: [] };
}

/** Markdown found inside an HTML block, read as the digest's own, its blocks numbered from the block's `line`. */
function collectMarkdown(markdown: string, line: number, blocks: DigestBlock[]): void {
  const start = blocks.length;
  collectChildren(markdownFragment(markdown), blocks);
  for (let i = start; i < blocks.length; i++) blocks[i] = { ...blocks[i]!, line: blocks[i]!.line + line };
}

/**
 * An HTML block that is a list or a paragraph holds the digest's own prose, as notes generated into HTML write it
 * ("<ol><li>标题：DistriFusion…</li>…"), in a box or not ("<div style=…><p><b>What it does:</b> …"); an embedded tweet
 * (a blockquote), a script or an image block does not.
 */
const PROSE_HTML = /^\s*(?:<(?:div|section)\b[^>]*>\s*)*<(?:ol|ul|li|p)\b/iu;
/** The prose of such a block as Markdown: each list item a "- " line, each paragraph one, every other tag dropped. */
const proseOfHtml = (html: string) =>
  html
    .replace(/<(li|p)\b[^>]*>/giu, (_, tag: string) => (tag.toLowerCase() === 'li' ? '\n- ' : '\n\n'))
    .replace(HTML_TAG, '');

/**
 * Blocks in order. A caption-like line directly above a block quote is the quote's label, as notes write a term and
 * then its description ("[MIT1003](…)" over "> 用于：提供 1003 张图像…"): it opens the quote's first paragraph
 * ("MIT1003：用于：…") instead of trailing the passage before it as a caption.
 */
function collectChildren(children: readonly RootContent[], blocks: DigestBlock[]): void {
  let label: { text: string; links: string[] } | undefined;
  children.forEach((node, i) => {
    if (node.type === 'paragraph' && children[i + 1]?.type === 'blockquote') {
      const read = phrasing(node.children);
      // A paragraph all in bold is a label however it ends ("**段落连续性任务 Inter-sentence coherence loss.**").
      const bold = node.children.length === 1 && node.children[0]!.type === 'strong';
      // A short line, or a field's label with a value ("数据集： ImageNet-1K"), over the quote labels it.
      if (bold || ['caption', 'item'].includes(paragraphRole(read.text.trim()))) {
        label = { text: read.text.trim(), links: read.links };
        return;
      }
    }
    // A paragraph left unfinished over a list ("…处理的有监督任务包括", "The changes are") is completed by the list: it
    // introduces the items, as a line ending in a colon does, and is not a fragment; one in bold may title them instead.
    if (node.type === 'paragraph' && children[i + 1]?.type === 'list' && !inBoldOnly(node.children)) {
      const read = phrasing(node.children);
      const introduction = asIntroduction(read.text.trim());
      if (introduction) {
        pushText(blocks, { kind: 'text', role: 'body', ...read, text: introduction, line: lineOf(node) });
        return;
      }
    }
    const start = blocks.length;
    collectBlocks(node, blocks);
    const first = blocks.slice(start).findIndex((block) => block.kind === 'text');
    if (label && first >= 0) {
      const block = blocks[start + first]!;
      blocks[start + first] = { ...block, text: `${label.text}${endsSentence(label.text) || endsWithColon(label.text) ? ' ' : colonBefore(block.text)}${block.text}`, links: [...label.links, ...block.links] };
    }
    label = undefined;
  });
}

/** A label ends in a letter or digit: "re-ranking", "13B;" or "with a chat variant," goes on in its sub-items instead. */
const ENDS_LIKE_LABEL = /[\p{L}\p{N}]$/u;
/** The colon that joins a label to what it labels: full width before Chinese text. */
const colonBefore = (text: string) => (hasHan(text) ? '：' : ': ');
/**
 * A line ending like a label ("…处理的有监督任务包括", "re-ranking") over a list introduces its items, as a line
 * ending in a colon does: it gets the colon. Undefined for any other line, which stays as written.
 */
const asIntroduction = (text: string) => (ENDS_LIKE_LABEL.test(text) ? `${text}${colonBefore(text).trim()}` : undefined);

function collectList(list: List, blocks: DigestBlock[]): void {
  for (const item of list.children) collectListItem(item, blocks);
}

/** Inline content that is only links to anchors of the page itself (whitespace aside). */
const pointsWithinPage = (nodes: readonly PhrasingContent[]) => {
  const content = nodes.filter((node) => node.type !== 'text' || node.value.trim() !== '');
  return content.length > 0 && content.every((node) => node.type === 'link' && node.url.startsWith('#'));
};

function collectListItem(item: ListItem, blocks: DigestBlock[]): void {
  item.children.forEach((child, i) => {
    if (child.type === 'list') collectList(child, blocks);
    else if (child.type === 'paragraph') {
      const read = phrasing(child.children);
      // An item over a nested list labels it ("- re-ranking" over "- LM: a small GPT-2…"): it introduces its items,
      // as a line ending in a colon does, and is never an answer on its own.
      const introduction = item.children[i + 1]?.type === 'list' ? asIntroduction(read.text.trim()) : undefined;
      if (introduction) pushText(blocks, { kind: 'text', role: 'item', ...read, text: introduction, line: lineOf(child) });
      // A contents list's entry ("- [9.Controlnet如何处理条件图的？](#9.Controlnet…)") points to a part of the page, no
      // answer: kept for its link, never quoted.
      else if (pointsWithinPage(child.children)) pushText(blocks, { kind: 'text', role: 'caption', ...read, line: lineOf(child) });
      else pushText(blocks, { kind: 'text', role: itemRole(read.text), ...read, line: lineOf(child) });
    } else collectBlocks(child, blocks);
  });
}

/**
 * A table as one line per row, each cell after its column's header ("model: Mistral 7B, score: 60.1"): a row quoted on
 * its own then says what its figures are. A table without a header row reads its cells with " | " between them.
 */
function collectTable(table: Table, blocks: DigestBlock[]): void {
  const [head, ...rows] = table.children.map((row) => ({ row, cells: row.children.map((cell) => phrasing(cell.children)) }));
  if (!head) return;
  const headers = head.cells.map((cell) => cell.text.trim());
  const named = rows.length > 0 && headers.every(Boolean);
  for (const { row, cells } of named ? rows : [head, ...rows]) {
    const text = cells
      .map((cell, i) => (named && cell.text.trim() ? `${headers[i]}: ${cell.text.trim()}` : cell.text.trim()))
      .filter(Boolean)
      .join(named ? ', ' : ' | ');
    pushText(blocks, { kind: 'text', role: 'item', text, links: cells.flatMap((cell) => cell.links), line: lineOf(row) });
  }
}

/**
 * A fenced block most of whose lines write Chinese outside a code comment: notes in a block, English quoted among them
 * ("1）去掉了dropout  Remove dropout…", "We also note that…"), not code with comments in Chinese ("x = 1  # 初始化").
 */
function chineseProse(text: string): boolean {
  const lines = text.split('\n').filter((line) => line.trim() !== '');
  const prose = lines.filter((line) => !CODE_SYNTAX.test(line) && hasHan(line.replace(CODE_COMMENT, '')));
  return prose.length > 0 && prose.length * 2 >= lines.length;
}
/** A code comment, to the line's end: "# 计算参数量", "x = 1  // 初始化". */
const CODE_COMMENT = /(?:^|\s)(?:#|\/\/).*$/u;
/** Braces, semicolons and chat-template tokens write code or data, whatever their strings say: {"content": "你是…"}, <|im_end|>. */
const CODE_SYNTAX = /[{};]|<\||\|>/u;

/** A label, a colon and a value after it. */
const FIELD = /^[^:：]{1,12}[:：](?!\/\/)\s*\S/u;

/** Keeps a block only if it has text left once images and HTML are dropped. */
function pushText(blocks: DigestBlock[], block: DigestBlock): void {
  if (block.text.trim() !== '') blocks.push({ ...block, text: block.text.trim() });
}

function paragraphRole(text: string): LineRole {
  const short = [...text].length <= CAPTION_MAX;
  if (opensLikeCaption(text) && [...text].length <= OPENED_CAPTION_MAX) return 'caption';
  // A short line giving a field and its value ("输入： 尺寸为 (299, 299, 3) 的图像", "Venue: NeurIPS 2023") states a fact,
  // as a list's item does.
  if (short && !endsSentence(text) && !endsWithColon(text)) return FIELD.test(text) ? 'item' : 'caption';
  // A paper's English title on a line of its own ("OneFormer: One Transformer to Rule Universal Image Segmentation")
  // names the paper; it answers nothing about it.
  return !hasHan(text) && !endsWithColon(text) && itemRole(text) === 'title' ? 'title' : 'body';
}

/**
 * A list line without a sentence end or a comma is a title (a reading list) when it reads as one: no figure ("117M
 * parameters", "Context of 1024 (up from 512)") and no English word of five letters or more in lower case ("Use
 * routing for models…", "They use RMSNorm (instead of layernorm)" are sentences without their full stop), and no Chinese
 * but a title in 《》. Else an item.
 */
function itemRole(text: string): LineRole {
  if (endsSentence(text) || /[,，;；]/u.test(text) || /(?:^|[\s~(])\d[\d.,]*[kmb%]?(?=[\s)]|$)/iu.test(text)) return 'item';
  // Chinese is a point of the list ("调整的余弦（Adjusted Cosine）相似度计算"), unless it quotes a title in 《》.
  if (hasHan(text)) return text.includes('《') ? 'title' : 'item';
  return (text.match(/[A-Za-z]{5,}/gu) ?? []).some((word) => word === word.toLowerCase()) ? 'item' : 'title';
}

/**
 * The wiki links of Obsidian and other note apps, which CommonMark leaves as text ("![[Pasted image 2023….png]]",
 * "[[../PEFT/Adapter]]", "[[Adapter|适配器]]"). Read by hand: no wiki-link extension on npm is kept for micromark 4.
 */
const WIKI_LINK = /(!?)\[\[([^\]|]*)(?:\|([^\]]*))?\]\]/gu;
/** An embed adds nothing to read; a link reads as its label, else as the name of the note it points to. */
const readWikiLinks = (text: string) =>
  text.replace(WIKI_LINK, (_, embed: string, target: string, label: string | undefined) =>
    embed ? '' : (label ?? path.posix.basename(target.split('#')[0]!, '.md')).trim(),
  );
/** A Hugo shortcode ("{{< include "…/DeepCT.html" >}}", "{{< imgproc pic1 Resize "500x" />}}"): the site's template, not text. */
const SHORTCODE = /\{\{[<%].*?[%>]\}\}/gu;

/** The text of inline content as a reader reads it, and the link targets in it. */
function phrasing(nodes: readonly PhrasingContent[]): { text: string; links: string[] } {
  const links: string[] = [];
  const read = (node: PhrasingContent): string => {
    switch (node.type) {
      case 'text':
        return readWikiLinks(node.value.replace(SHORTCODE, ''));
      case 'inlineCode':
        return node.value;
      case 'break':
        return ' ';
      case 'link':
        links.push(node.url);
        return node.children.map(read).join('');
      case 'emphasis':
      case 'strong':
      case 'delete':
        return node.children.map(read).join('');
      case 'html':
        // An HTML link's target is kept as a Markdown link's is ("… Zubiaga <a href="https://arxiv.org/…">Paper</a>").
        links.push(...hrefsOf(node.value));
        return '';
      default:
        // Images, footnote references and link references to nowhere add nothing to read.
        return 'children' in node ? (node.children).map(read).join('') : '';
    }
  };
  const text = nodes.map(read).join('').replace(SPACE_RUNS, ' ');
  return { text, links };
}
