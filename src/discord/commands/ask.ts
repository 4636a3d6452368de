import { MessageFlags, SlashCommandBuilder } from 'discord.js';
import { deliverAnswer } from '../answering.ts';
import { MAX_QUESTION_CHARS } from '../../answer/question.ts';
import { NO_PINGS } from '../client.ts';
import type { Command } from './command.ts';

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
        .setMaxLength(MAX_QUESTION_CHARS),
    )
    .addBooleanOption((option) =>
      option.setName('private').setDescription('Only you see the answer').setDescriptionLocalizations({ 'zh-CN': '只有你能看到回答' }),
    ),
  rateLimited: true,

  async execute(interaction, context) {
    const ephemeral = interaction.options.getBoolean('private') ?? false;
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    // Acknowledged before the question is queued: Discord waits only 3 seconds for it, and the queue may be long.
    await interaction.deferReply({ flags });
    await deliverAnswer(context, interaction.options.getString('question', true), undefined, {
      // No nonces here: a repeated defer or editReply acts on the same interaction and response, so it cannot add a
      // message. Follow-ups are webhook posts, for which Discord takes no nonce.
      send: async (part, index) => {
        const options = { ...part, allowedMentions: NO_PINGS };
        return (await (index === 0 ? interaction.editReply(options) : interaction.followUp({ ...options, flags }))).id;
      },
      // A written answer streams into the deferred reply: each edit replaces @original.
      edit: (_id, part) => interaction.editReply({ ...part, allowedMentions: NO_PINGS }),
      rememberUnder: ephemeral ? false : [],
    });
  },
};
