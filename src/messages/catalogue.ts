import type { Language } from '../types.ts';

/**
 * Every message the bot shows a person, in both of its languages side by side, so that a change to one language is
 * made beside the other. A message is a text, or a function of its parameters. Which language a reader gets is
 * decided by the caller (for Discord, src/discord/locale.ts); messages shown to a reader whose language is not known
 * carry both languages (`bilingual`, `dotted`, `englishFirst`).
 */

/** A message in one language. */
type Text = string | ((params: never) => string);
/** A message in every language the bot speaks: leaving one out is a type error. */
export type Entry = Readonly<Record<Language, Text>>;

/** A message made from parameters, the same ones in every language. */
function withParams<P>(entry: Record<Language, (params: P) => string>): Record<Language, (params: P) => string> {
  return entry;
}

/** Names of the Discord permissions a command can require, as Discord's client shows them. */
export const PERMISSION_NAMES = {
  manageServer: { zh: '管理服务器', en: 'Manage Server' },
} as const satisfies Record<string, Entry>;

export type PermissionName = keyof typeof PERMISSION_NAMES;

/** What a paper-of-the-day schedule may be, ending each refusal of one. */
const CRON_HELP = {
  zh: '请输入时刻，如 "09:30"，或 5 段的 cron 表达式（分 时 日 月 星期，如 "30 9 * * *"），或秒在最前的 6 段表达式（如 "0 30 9 * * *"）。',
  en:
    'Use a time such as "09:30" or a cron expression with 5 fields (minute hour day month weekday, e.g. "30 9 * * *") ' +
    'or 6 with seconds first (e.g. "0 30 9 * * *").',
} as const satisfies Entry;

export const MESSAGES = {
  // Refusals and errors, shown in both languages.
  busy: { zh: '现在提问的人太多，请稍后再试。', en: 'I am answering a lot of questions right now: please try again in a moment.' },
  rateLimited: withParams<{ seconds: number }>({
    zh: ({ seconds }) => `你提问太快啦，请 ${seconds} 秒后再试。`,
    en: ({ seconds }) => `You're asking a bit fast: please try again in ${seconds} s.`,
  }),
  apology: { zh: '抱歉，处理这个请求时出了问题，请稍后再试。', en: 'Sorry, something went wrong with that request. Please try again later.' },
  guildOnly: { zh: '这个命令只能在服务器中使用。', en: 'This command only works in a server.' },
  outOfDate: {
    zh: '这个命令已过期——请一分钟后再试，或请管理员运行 npm run deploy-commands。',
    en: 'This command is out of date — please try again in a minute or ask an admin to run npm run deploy-commands.',
  },
  permissionRequired: withParams<{ permission: PermissionName; command: string }>({
    zh: ({ permission, command }) => `只有拥有「${PERMISSION_NAMES[permission].zh}」权限的成员才能使用 /${command}。`,
    en: ({ permission, command }) => `Only members with the ${PERMISSION_NAMES[permission].en} permission can use /${command}.`,
  }),
  questionEmpty: { zh: '请输入一个关于这份论文摘要的问题。', en: 'Please ask a question about the digest.' },
  questionTooLong: withParams<{ length: number; max: number }>({
    zh: ({ max }) => `问题太长了(上限 ${max} 个字符),请精简后再问。`,
    en: ({ length, max }) => `That question is too long (${length} characters; the limit is ${max}). Please shorten it.`,
  }),
  questionNoText: { zh: '这条消息里没有可检索的文字,请用文字提问。', en: 'That has no words to search for. Please ask in words.' },

  // Answers.
  quotedAnswer: withParams<{ where: string; body: string; quotedIn: Language; translated: boolean; partly?: boolean }>({
    zh: ({ where, body, quotedIn, translated, partly }) =>
      `根据摘要(${where})${translated ? ',译自英文' : partly ? ',部分译自英文' : quotedIn === 'en' ? ',原文为英文' : ''}:${body}`,
    en: ({ where, body, quotedIn, translated, partly }) =>
      translated
        ? `From the digest (${where}), translated from the Chinese: ${body}`
        : partly
          ? `According to the digest (${where}), partly translated from the Chinese: ${body}`
          : quotedIn === 'en'
            ? `According to the digest (${where}): ${body}`
            : `According to the digest (${where}), quoted as written: ${body}`,
  }),
  notDiscussed: withParams<{ names: readonly string[]; covers: string }>({
    zh: ({ names, covers }) => `这份摘要没有讨论 ${names.join('、')},我不想凭空编造答案。它涵盖的论文是:${covers}。`,
    en: ({ names, covers }) => `The digest does not discuss ${names.join(', ')}, so I won't make up an answer. It covers these papers: ${covers}.`,
  }),
  namesAndMore: withParams<{ names: string; more: number }>({
    zh: ({ names, more }) => `${names} 等(另有 ${more} 篇,问“有哪些论文?”可看全部)`,
    en: ({ names, more }) => `${names} and ${more} more (ask “what are all the papers?” for the list)`,
  }),
  notCovered: withParams<{ nearest: readonly string[] }>({
    zh: ({ nearest }) => `这份论文摘要没有涉及这个问题,我不想凭空编造答案。${nearest.length ? `最接近的章节:${nearest.join(';')}。` : ''}`,
    en: ({ nearest }) =>
      `The digest does not cover this, so I won't make up an answer.${nearest.length ? ` Nearest sections: ${nearest.join('; ')}.` : ''}`,
  }),
  papersOnTopic: withParams<{ title: string; topic: string; count: number; lines: string }>({
    zh: ({ title, topic, count, lines }) => `《${title}》中与“${topic}”有关的论文有 ${count} 篇:\n${lines}`,
    en: ({ topic, count, lines }) => `${count} of the digest's papers match “${topic}”:\n${lines}`,
  }),
  paperLinks: withParams<{ lines: string }>({
    zh: ({ lines }) => `论文出处(来自摘要):\n${lines}`,
    en: ({ lines }) => `Where to read the paper (from the digest):\n${lines}`,
  }),
  digestPapers: withParams<{ title: string; count: number; lines: string }>({
    zh: ({ title, count, lines }) => `《${title}》共介绍了 ${count} 篇论文:\n${lines}`,
    en: ({ title, count, lines }) => `The digest “${title}” covers ${count} papers:\n${lines}`,
  }),
  help: withParams<{ title: string; count: number; names: string; example: string }>({
    zh: ({ title, count, names, example }) =>
      `你好!我回答关于《${title}》的问题(${count} 篇论文:${names}),引用摘要原文并注明出处;摘要没有涉及的问题我会直说。` +
      `可以试试:“${example} 是什么?”、“这份摘要有哪些论文?”,或用 /paper 查一篇论文。`,
    en: ({ title, count, names, example }) =>
      `Hi! I answer questions about the digest “${title}” (${count} papers: ${names}), quoting the passages that answer ` +
      `and citing their sections; when the digest does not cover something, I say so. Try “What is ${example}?”, ` +
      `“What papers does the digest cover?”, or /paper to look one up.`,
  }),
  smallTalkThanks: { zh: '不客气!还有关于这份摘要的问题尽管问。', en: "You're welcome! Ask me anything else about the digest." },
  smallTalkOk: { zh: '好的!还想了解这份摘要的哪方面?', en: 'Sure! What else would you like to know about the digest?' },
  sources: { zh: '来源', en: 'Sources' },
  emptyAnswer: { zh: '没有找到可以回答这个问题的内容。', en: 'Nothing in the corpus answers this.' },
  writtenModelFailed: {
    zh: '(语言模型这次没能回答,以下是摘要原文。)',
    en: "(The language model could not answer this time, so here are the digest's own sentences.)",
  },
  writtenFailedChecks: {
    zh: '(语言模型的回答没有通过引用核对,以下是摘要原文。)',
    en: "(The language model's answer failed the citation checks, so here are the digest's own sentences.)",
  },
  feedbackHelpful: { zh: '有帮助', en: 'Helpful' },
  feedbackNotHelpful: { zh: '没帮助', en: 'Not helpful' },
  feedbackThanks: { zh: '谢谢反馈！再点一次另一个按钮可以修改。', en: 'Thanks for the feedback! Click the other button to change it.' },
  feedbackExpired: {
    zh: '这条回答的反馈已无法记录（可能已过期）。',
    en: 'Feedback for this answer can no longer be recorded (it may have expired).',
  },
  showOriginal: { zh: '显示原文', en: 'Show original' },
  originalSources: { zh: '来源原文', en: 'Sources in the original Chinese' },
  originalExpired: {
    zh: '这条回答的来源原文已无法显示（可能已过期）。',
    en: "This answer's original sources can no longer be shown (it may have expired).",
  },

  // The console chat.
  consoleHelp: {
    zh: '输入问题后回车；追问会沿用上一轮的上下文。/new 开始新话题，/exit 退出。',
    en: 'Type a question and press Enter; a follow-up keeps the previous turn in mind. /new starts a new topic, /exit quits.',
  },
  consolePrompt: { zh: '问题> ', en: 'Question> ' },
  consoleError: { zh: '抱歉，回答这个问题时出错了。', en: 'Sorry, something went wrong while answering that.' },

  // Paper cards (/paper) and the paper of the day.
  keyPoints: { zh: '要点', en: 'Key points' },
  tryAsk: { zh: '试试 /ask：', en: 'Try /ask: ' },
  headingPaper: { zh: '标题所指的论文', en: 'Paper named in the heading' },
  textPaper: { zh: '正文介绍的论文', en: 'Paper the text is about' },
  /** Between a label and what it labels. */
  labelColon: { zh: '：', en: ': ' },
  inDigests: { zh: '出现在这些摘要中', en: 'In these digests' },
  paperNotFound: withParams<{ query: string }>({
    zh: ({ query }) => `没有找到与「${query}」相符的论文。可以输入标题、别名、章节号或 arXiv 编号，或从 /paper 的自动补全中选择。`,
    en: ({ query }) => `No paper matches "${query}". Type a title, alias, section number or arXiv id, or pick one from the /paper autocomplete.`,
  }),
  paperSuggestions: withParams<{ query: string; lines: string }>({
    zh: ({ query, lines }) => `没有找到「${query}」。你是不是要找：\n${lines}`,
    en: ({ query, lines }) => `No paper matches "${query}". Did you mean:\n${lines}`,
  }),
  /** The question a paper card suggests asking about the paper `name`. */
  exampleQuestion: withParams<{ name: string }>({
    zh: ({ name }) => `${name} 的主要贡献是什么?`,
    en: ({ name }) => `What are the main contributions of ${name}?`,
  }),
  potdAuthor: { zh: '每日论文', en: 'Paper of the day' },
  potdAsk: { zh: '问问我', en: 'Ask me about it' },
  potdAskHint: { zh: '用 `/ask` 问我关于这篇论文的问题，例如：', en: 'Ask me anything about this paper with `/ask`, for example:' },

  // /potd-config replies and settings.
  textChannelsOnly: { zh: '请选择一个文字频道。', en: 'Please choose a text channel.' },
  missingPermissions: withParams<{ permissions: string }>({
    zh: () => '我在这个频道缺少权限',
    en: ({ permissions }) => `I am missing these permissions there: ${permissions}`,
  }),
  postedIn: withParams<{ channel: string; title: string }>({
    zh: () => '已发布',
    en: ({ channel, title }) => `Posted in ${channel}: ${title}`,
  }),
  saved: { zh: '已保存。', en: 'Saved.' },
  // Settings /potd-config refuses. The English texts are also what the operator reads about POTD_CRON and POTD_TZ.
  notATimeOfDay: withParams<{ text: string }>({
    zh: ({ text }) => `「${text}」不是一天中的时刻：小时为 0 到 23，分钟和秒为 0 到 59。`,
    en: ({ text }) => `"${text}" is not a time of day: hours go from 0 to 23, minutes and seconds from 0 to 59.`,
  }),
  /** `reason`: what the cron parser (croner) found wrong, in its own words (English). */
  invalidCron: withParams<{ cron: string; reason: string }>({
    zh: ({ cron, reason }) => `「${cron}」不是有效的时间表：${reason}。${CRON_HELP.zh}`,
    en: ({ cron, reason }) => `"${cron}" is not a valid schedule: ${reason}. ${CRON_HELP.en}`,
  }),
  cronNeverFires: withParams<{ cron: string }>({
    zh: ({ cron }) => `「${cron}」永远不会触发（没有这样的日期）。${CRON_HELP.zh}`,
    en: ({ cron }) => `"${cron}" never fires (no such date). ${CRON_HELP.en}`,
  }),
  unknownTimeZone: withParams<{ zone: string }>({
    zh: ({ zone }) => `我不认识「${zone}」这个时区：请使用 IANA 名称，如 "Asia/Shanghai"、"Europe/Berlin"、"America/New_York" 或 "UTC"。`,
    en: ({ zone }) => `"${zone}" is not a time zone I know: use an IANA name such as "Asia/Shanghai", "Europe/Berlin", "America/New_York" or "UTC".`,
  }),
  unknownPostLanguage: withParams<{ input: string }>({
    zh: ({ input }) => `我不能用「${input}」发布：请选择 zh（中文）或 en（英文）。`,
    en: ({ input }) => `"${input}" is not a language I post in: choose zh (Chinese) or en (English).`,
  }),
  noPotdChannel: {
    zh: '还没有设置每日论文的频道：请先用 /potd-config channel 选择一个。',
    en: 'No channel is set for the paper of the day yet: choose one with /potd-config first.',
  },
  settingsTitle: { zh: '每日论文设置', en: 'Paper of the day settings' },
  settingsChannel: { zh: '频道', en: 'Channel' },
  settingsSchedule: { zh: '时间', en: 'Schedule' },
  settingsTimeZone: { zh: '时区', en: 'Time zone' },
  settingsLanguage: { zh: '语言', en: 'Language' },
  settingsStatus: { zh: '状态', en: 'Status' },
  settingsNextPost: { zh: '下一次发布', en: 'Next post' },
  settingsToday: { zh: '今日论文', en: "Today's paper" },
  setHere: { zh: '本服务器设置', en: 'set here' },
  setByDefault: { zh: '默认', en: 'default' },
  notSet: { zh: '未设置', en: 'not set' },
  posted: { zh: '已发布', en: 'posted' },
  notPostedYet: { zh: '尚未发布', en: 'not posted yet' },
  disabled: { zh: '已停用', en: 'disabled' },
  enabledWithoutChannel: { zh: '已启用，但没有频道，不会发布', en: 'enabled, but nothing is posted until a channel is set' },
  enabled: { zh: '已启用', en: 'enabled' },
  languageZh: { zh: '中文', en: 'Chinese (zh)' },
  languageEn: { zh: '英文', en: 'English (en)' },

  // Slash command and option descriptions (English is the default, Chinese the zh-CN localization).
  askCommand: { zh: '就论文提问，回答附带引用来源', en: 'Ask a question about the papers; the answer cites its sources' },
  askQuestionOption: { zh: '你的问题', en: 'Your question' },
  askPrivateOption: { zh: '只有你能看到回答', en: 'Only you see the answer' },
  paperCommand: { zh: '查看一篇论文：标题、arXiv 链接、摘要和要点', en: 'Show a paper from the digest: titles, arXiv link, summary, key points' },
  paperQueryOption: { zh: '标题、别名、章节号或 arXiv 编号', en: 'Title, alias, section number or arXiv id' },
  potdCommand: { zh: '今天的每日论文', en: "Today's paper of the day" },
  potdPrivateOption: { zh: '只有你能看到回复', en: 'Only you see the reply' },
  potdConfigCommand: { zh: '设置本服务器的每日论文', en: 'Set up the paper of the day for this server' },
  potdConfigChannel: { zh: '在这个频道发布每日论文', en: 'Post the paper of the day in this channel' },
  potdConfigChannelOption: { zh: '文字频道', en: 'A text channel' },
  potdConfigTime: { zh: '发布时间：例如 09:30，或 cron 表达式', en: 'When to post: a time of day such as 09:30, or a cron expression' },
  potdConfigScheduleOption: { zh: '"09:30" 或 cron 表达式，如 "30 9 * * 1-5"', en: '"09:30" or a cron expression such as "30 9 * * 1-5"' },
  potdConfigTimezone: { zh: '发布时间所用的时区', en: 'The time zone the time is read in' },
  potdConfigZoneOption: { zh: 'IANA 时区，如 Asia/Shanghai', en: 'An IANA time zone such as Asia/Shanghai' },
  potdConfigLanguage: {
    zh: '发布所用的语言：中文（摘要原文）或英文（译文）',
    en: 'The language of the posts: Chinese (the digest) or English (its translation)',
  },
  potdConfigLanguageOption: { zh: 'zh 或 en', en: 'zh or en' },
  potdConfigEnable: { zh: '开启每日论文', en: 'Post the paper of the day' },
  potdConfigDisable: { zh: '停止发布每日论文', en: 'Stop posting the paper of the day' },
  potdConfigNow: { zh: '立即发布今天的论文', en: "Post today's paper now" },
  potdConfigShow: { zh: '查看当前设置', en: 'Show the current settings' },
  digestCommand: {
    zh: '本服务器自己的论文摘要：添加、查看、删除，以及没有答上的问题',
    en: "This server's own digests: add, list, show, remove, and the questions none answers",
  },
  digestAdd: {
    zh: '添加一份摘要（.md 或 .txt，最大 1 MB），只在本服务器使用',
    en: 'Add a digest (.md or .txt, up to 1 MB), used in this server only',
  },
  digestAddFileOption: { zh: '摘要文件：Markdown（.md）或 UTF-8 文本（.txt）', en: 'The digest: Markdown (.md) or UTF-8 text (.txt)' },
  digestAddTitleOption: { zh: '标题（默认用文件里的标题）', en: 'Its title (default: the title in the file)' },
  digestList: { zh: '列出本服务器添加的摘要', en: "List this server's own digests" },
  digestShow: { zh: '查看一份摘要收录的论文', en: 'Show the papers of one of them' },
  digestRemove: { zh: '删除本服务器的一份摘要', en: "Remove one of this server's digests" },
  digestNameOption: { zh: '摘要标题', en: 'The digest' },
  digestConfigCommand: { zh: '设置谁可以管理本服务器的摘要', en: "Set who may manage this server's digests" },
  digestConfigRole: {
    zh: '拥有这个角色的成员也可以添加和删除摘要（不填则只有「管理服务器」权限）',
    en: 'Members with this role may add and remove digests too (leave it out: Manage Server only)',
  },
  digestConfigRoleOption: { zh: '角色', en: 'A role' },

  // A server's own digests (/digest, /digest-config): private replies, in the reader's language.
  digestPreview: withParams<{ title: string; language: string; count: number; lines: string }>({
    zh: ({ title, language, count, lines }) =>
      `《${title}》（${language}），找到 ${count} 篇论文：\n${lines}\n\n确认后，本服务器的提问会用到它；其他服务器看不到。`,
    en: ({ title, language, count, lines }) =>
      `“${title}” (${language}), ${count} paper${count === 1 ? '' : 's'} found:\n${lines}\n\nOnce you confirm, questions in this server use it; no other server sees it.`,
  }),
  digestConfirm: { zh: '添加', en: 'Add it' },
  digestReplace: { zh: '替换', en: 'Replace it' },
  digestCancel: { zh: '取消', en: 'Cancel' },
  digestRemoveButton: { zh: '删除', en: 'Remove it' },
  digestCancelled: { zh: '已取消，什么都没有改变。', en: 'Cancelled: nothing changed.' },
  digestIndexing: withParams<{ title: string }>({
    zh: ({ title }) => `正在为《${title}》建立索引……`,
    en: ({ title }) => `Indexing “${title}”…`,
  }),
  digestAdded: withParams<{ title: string; count: number }>({
    zh: ({ title, count }) => `已添加《${title}》（${count} 篇论文）。本服务器的提问现在会用到它。`,
    en: ({ title, count }) => `Added “${title}” (${count} paper${count === 1 ? '' : 's'}). Questions in this server now use it.`,
  }),
  digestRemoved: withParams<{ title: string }>({
    zh: ({ title }) => `已删除《${title}》，回答不会再引用它。`,
    en: ({ title }) => `Removed “${title}”: answers no longer quote it.`,
  }),
  digestRemoveAsk: withParams<{ title: string }>({
    zh: ({ title }) => `确定删除《${title}》吗？它的内容将不再用于回答。`,
    en: ({ title }) => `Remove “${title}”? Its notes will no longer be used in answers.`,
  }),
  digestPreviewExpired: { zh: '这个预览已过期，请重新运行 /digest add。', en: 'This preview has expired: run /digest add again.' },
  digestNotText: {
    zh: '只能添加 Markdown（.md）或纯文本（.txt）文件。PDF、Word 文件或图片请先导出为 Markdown 或文本再添加。',
    en: 'Only Markdown (.md) or plain text (.txt) can be added. For a PDF, a Word file or an image, export it as Markdown or text and add that.',
  },
  digestTooLarge: withParams<{ maxMb: number }>({
    zh: ({ maxMb }) => `文件超过 ${maxMb} MB，不像一份摘要。请只添加摘要本身。`,
    en: ({ maxMb }) => `The file is over ${maxMb} MB, more than a digest. Please add the digest alone.`,
  }),
  digestNotUtf8: { zh: '文件不是 UTF-8 编码的文本，请另存为 UTF-8 后再添加。', en: 'The file is not UTF-8 text: save it as UTF-8 and add it again.' },
  digestBinary: {
    zh: '这是二进制文件，不是文本：请导出为 Markdown 或文本再添加。',
    en: 'This is a binary file, not text: export it as Markdown or text and add that.',
  },
  digestEmpty: { zh: '文件是空的。', en: 'The file is empty.' },
  digestNoPapers: {
    zh: '没有找到论文章节：每篇论文需要一个标题（Markdown 用 "## 论文标题"，任意级别均可；文本文件用编号行，如 "1) 论文标题"）。',
    en: 'No paper sections found: each paper needs a heading (in Markdown "## Paper title", at any level; in a text file a numbered line such as "1) Paper title").',
  },
  digestDownloadFailed: { zh: '下载附件失败，请稍后再试。', en: 'The attachment could not be downloaded: please try again later.' },
  digestDownloadTimeout: withParams<{ seconds: number }>({
    zh: ({ seconds }) => `下载附件超过 ${seconds} 秒仍未完成，已放弃。请稍后再试。`,
    en: ({ seconds }) => `The attachment took more than ${seconds} s to download, so I gave up. Please try again later.`,
  }),
  digestTitleTaken: withParams<{ title: string }>({
    zh: ({ title }) => `本服务器已有一份叫《${title}》的摘要。要用这个文件替换它吗？`,
    en: ({ title }) => `This server already has a digest called “${title}”. Replace it with this file?`,
  }),
  digestLimit: withParams<{ limit: number }>({
    zh: ({ limit }) => `本服务器已有 ${limit} 份摘要，达到上限。请先用 /digest remove 删除一份。`,
    en: ({ limit }) => `This server has ${limit} digests, its limit. Remove one with /digest remove first.`,
  }),
  digestNotFound: { zh: '本服务器没有这份摘要。', en: 'This server has no such digest.' },
  digestNone: {
    zh: '本服务器还没有自己的摘要。用 /digest add 添加一份。',
    en: 'This server has no digests of its own yet. Add one with /digest add.',
  },
  digestListed: withParams<{ count: number; lines: string }>({
    zh: ({ count, lines }) => `本服务器自己的摘要（${count} 份）：\n${lines}`,
    en: ({ count, lines }) => `This server's own digests (${count}):\n${lines}`,
  }),
  digestListLine: withParams<{ title: string; language: string; count: number; added: string }>({
    zh: ({ title, language, count, added }) => `•《${title}》· ${language} · ${count} 篇论文 · 添加于 ${added}`,
    en: ({ title, language, count, added }) => `• “${title}” · ${language} · ${count} paper${count === 1 ? '' : 's'} · added ${added}`,
  }),
  digestShown: withParams<{ title: string; count: number; lines: string }>({
    zh: ({ title, count, lines }) => `《${title}》收录 ${count} 篇论文：\n${lines}`,
    en: ({ title, count, lines }) => `“${title}” covers ${count} paper${count === 1 ? '' : 's'}:\n${lines}`,
  }),
  digestMayNotManage: {
    zh: '只有拥有「管理服务器」权限或本服务器指定角色的成员才能管理摘要（添加、删除、查看没有答上的问题）。',
    en: "Only members with the Manage Server permission, or the role this server chose, can manage this server's digests (add, remove, see the questions none answers).",
  },
  digestUnavailable: { zh: '这个机器人没有开启服务器自己的摘要。', en: "This bot does not take servers' own digests." },
  digestFailed: {
    zh: '建立索引时出错，没有做任何改变，原有的摘要照常使用。请稍后再试。',
    en: 'Indexing failed, so nothing changed: the digests you had are still in use. Please try again later.',
  },
  digestRoleSet: withParams<{ role: string }>({
    zh: ({ role }) => `已保存：拥有 ${role} 角色的成员也可以添加和删除摘要。`,
    en: ({ role }) => `Saved: members with ${role} may add and remove digests too.`,
  }),
  digestRoleCleared: {
    zh: '已保存：只有拥有「管理服务器」权限的成员可以管理摘要。',
    en: 'Saved: only members with Manage Server may manage digests.',
  },

  digestGaps: { zh: '成员问过、摘要没有答上的问题，按主题分组', en: 'What members asked that no digest answers, by topic' },
  digestGapsDaysOption: { zh: '往前看多少天（默认 30）', en: 'How many days back to look (default 30)' },

  // /digest gaps: the questions no digest answers, grouped by topic, beside a chart of the same counts.
  gapsNone: withParams<{ days: number }>({
    zh: ({ days }) => `过去 ${days} 天里没有被拒答或被点 👎 的问题。`,
    en: ({ days }) => `No question in the last ${days} days was refused or voted 👎.`,
  }),
  gapsHeading: withParams<{ days: number; questions: number; topics: number }>({
    zh: ({ days, questions, topics }) =>
      `**过去 ${days} 天里摘要没有答上的问题**：${questions} 个问题，${topics} 个主题（🟥 摘要未涉及 · 🟦 已回答但被点 👎）`,
    en: ({ days, questions, topics }) =>
      `**Questions no digest answers, last ${days} days**: ${questions} questions in ${topics} topics (🟥 not covered · 🟦 answered, voted 👎)`,
  }),
  gapsMoreTopics: withParams<{ count: number }>({
    zh: ({ count }) => `……另有 ${count} 个主题`,
    en: ({ count }) => `…and ${count} more topics`,
  }),
  gapsLeftOut: withParams<{ count: number }>({
    zh: ({ count }) => `另有 ${count} 个更早的问题未计入。`,
    en: ({ count }) => `${count} older questions are left out.`,
  }),
} as const satisfies Record<string, Entry>;

export type MessageKey = keyof typeof MESSAGES;
/** A message without parameters. */
export type PlainMessageKey = { [K in MessageKey]: (typeof MESSAGES)[K]['zh'] extends string ? K : never }[MessageKey];

/** The parameters message `K` takes: none for a plain text. */
type ParamsOf<K extends MessageKey> = (typeof MESSAGES)[K]['zh'] extends (params: infer P) => string ? [params: P] : [];

/** Message `key` in `language`. */
export function t<K extends MessageKey>(language: Language, key: K, ...params: ParamsOf<K>): string {
  const text: Text = MESSAGES[key][language];
  return typeof text === 'function' ? text(params[0] as never) : text;
}

/** A message to be said later, in whichever language its reader gets: what an error carries to the front end. */
export type Localized = (language: Language) => string;

/** Message `key` with its parameters, in a language chosen later. */
export function localized<K extends MessageKey>(key: K, ...params: ParamsOf<K>): Localized {
  return (language) => t(language, key, ...params);
}

/** "中文。/ English.": both languages, for a reader whose language is not known. */
export function bilingual<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  return inBothLanguages(localized(key, ...params));
}

/** `bilingual` of a message bound earlier. */
export function inBothLanguages(message: Localized): string {
  return joinLanguages(message('zh'), ' / ', message('en'));
}

/** "中文 · English": how the paper-of-the-day settings and replies label each thing in both languages. */
export function dotted<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  return joinLanguages(t('zh', key, ...params), ' · ', t('en', key, ...params));
}

/** "English. / 中文。": both languages, English first. */
export function englishFirst<K extends MessageKey>(key: K, ...params: ParamsOf<K>): string {
  return joinLanguages(t('en', key, ...params), ' / ', t('zh', key, ...params));
}

/** Full-width punctuation (。、）…) carries its own space: "再试。/ Try", not "再试。 / Try". */
const ENDS_FULL_WIDTH = /[\u3000-\u303f\uff00-\uffef]$/u;

function joinLanguages(first: string, separator: string, second: string): string {
  return first + (ENDS_FULL_WIDTH.test(first) ? separator.trimStart() : separator) + second;
}
