import { ApplicationCommandOptionType, ApplicationCommandType, MessageFlags } from 'discord.js';
import { deliverAnswer } from '../answering.ts';
import { MAX_QUESTION_CHARS } from '../../answer/question.ts';
import { NO_PINGS } from '../client.ts';
import { argumentsOf, described, type Command, type CommandDefinition } from './command.ts';

const data = {
  type: ApplicationCommandType.ChatInput,
  name: 'ask',
  ...described('askCommand'),
  options: [
    {
      type: ApplicationCommandOptionType.String,
      name: 'question',
      ...described('askQuestionOption'),
      required: true,
      max_length: MAX_QUESTION_CHARS,
    },
    { type: ApplicationCommandOptionType.Boolean, name: 'private', ...described('askPrivateOption'), required: false },
  ],
} as const satisfies CommandDefinition;

export const ask: Command = {
  data,
  rateLimited: true,

  async execute(interaction, context) {
    const { question, private: ephemeral = false } = argumentsOf(data, interaction);
    const flags = ephemeral ? MessageFlags.Ephemeral : undefined;
    // Acknowledged before the question is queued: Discord waits only 3 seconds for it, and the queue may be long.
    await interaction.deferReply({ flags });
    await deliverAnswer(context, question, undefined, {
      // No nonces here: a repeated defer or editReply acts on the same interaction and response, so it cannot add a
      // message. Follow-ups are webhook posts, for which Discord takes no nonce.
      send: async (part, index) => {
        const options = { ...part, allowedMentions: NO_PINGS };
        return (await (index === 0 ? interaction.editReply(options) : interaction.followUp({ ...options, flags }))).id;
      },
      // A written answer streams into the deferred reply: each edit replaces @original.
      edit: (_id, part) => interaction.editReply({ ...part, allowedMentions: NO_PINGS }),
      rememberUnder: ephemeral ? false : [],
      ...(interaction.guildId ? { guildId: interaction.guildId } : {}),
    });
  },
};
