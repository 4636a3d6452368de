import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { prepareAnswer, rateLimitNotice, type ReplyPart } from '../answering.ts';
import { NO_PINGS } from '../client.ts';
import { StreamedReply } from '../streamed-reply.ts';
import { WRITTEN } from '../../weights.ts';
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
      await interaction.reply({ content: rateLimitNotice(rate.retryAfterMs), flags: MessageFlags.Ephemeral, allowedMentions: NO_PINGS });
      return;
    }
    // Retrieval (and a written answer) can take longer than the 3 seconds Discord waits for a first response.
    await interaction.deferReply({ flags });
    // The deferred reply is the message a written answer streams into: each edit replaces @original.
    const edit = (part: ReplyPart) => interaction.editReply({ ...part, allowedMentions: NO_PINGS });
    const reply = new StreamedReply(
      {
        first: async (part) => {
          const message = await edit(part);
          return { id: message.id, edit };
        },
        more: (part) => interaction.followUp({ ...part, flags, allowedMentions: NO_PINGS }),
      },
      WRITTEN.editIntervalMs,
    );
    const { parts, turn } = await prepareAnswer(context, interaction.options.getString('question', true), undefined, (text) => reply.update(text));
    const sent = await reply.finish(parts);
    if (turn && !ephemeral) context.conversations.remember(sent, turn);
  },
};
