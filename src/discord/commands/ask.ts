import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { prepareAnswer, rateLimitNotice } from '../answering.ts';
import { NO_PINGS } from '../client.ts';
import type { Command } from './command.ts';

/** Discord allows up to 6000; questions longer than this are not questions about a digest. */
const MAX_QUESTION_LENGTH = 1000;

export const ask: Command = {
  data: new SlashCommandBuilder()
    .setName('ask')
    .setDescription('Ask a question about the papers; the answer cites its sources')
    .setDescriptionLocalizations({ 'zh-CN': '就论文提问，回答附带引用来源' })
    .addStringOption((option) =>
      option
        .setName('question')
        .setDescription('Your question')
        .setDescriptionLocalizations({ 'zh-CN': '你的问题' })
        .setRequired(true)
        .setMaxLength(MAX_QUESTION_LENGTH),
    )
    .addBooleanOption((option) =>
      option
        .setName('private')
        .setDescription('Only you see the answer')
        .setDescriptionLocalizations({ 'zh-CN': '只有你能看到回答' }),
    ),

  async execute(interaction, context) {
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    const rate = context.rateLimiter.take(interaction.user.id);
    if (!rate.allowed) {
      // Always answered, unlike messages: Discord shows "did not respond" otherwise, and only the asker sees it.
      await interaction.reply({ content: rateLimitNotice(rate.retryAfterMs), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
    // Acknowledged before the question is queued: Discord waits only 3 seconds for it, and the queue may be long.
    await interaction.deferReply({ flags });
    const { parts, turn } = await prepareAnswer(context, interaction.options.getString('question', true), undefined);
    const [first, ...rest] = parts;
    // No nonces here: a repeated defer or editReply acts on the same interaction token and response, so it cannot
    // add a message. Follow-ups are webhook posts, for which Discord takes no nonce.
    const sent = [await interaction.editReply({ ...first, allowedMentions: NO_PINGS })];
    for (const part of rest) sent.push(await interaction.followUp({ ...part, flags, allowedMentions: NO_PINGS }));
    if (turn && !ephemeral) context.conversations.remember(sent.map((message) => message.id), turn);
  },
};
