import { Events, type Message } from 'discord.js';
import { log } from '../../log.ts';
import { deliverAnswer, rateLimitRefusal } from '../answering.ts';
import { NO_PINGS } from '../client.ts';
import type { BotContext } from '../context.ts';
import { APOLOGY } from '../errors.ts';
import { questionFromContent } from '../mentions.ts';
import { sendOnce } from '../nonce.ts';
import { defineEvent } from './event.ts';

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(context, message) {
    try {
      await answerMessage(context, message);
    } catch (error) {
      log.error(`Answering message ${message.id} failed`, error);
      const apology = { content: APOLOGY, allowedMentions: NO_PINGS, ...sendOnce('apology', message.id) };
      await message.reply(apology).catch((replyError: unknown) => log.warn('Could not send the apology', replyError));
    }
  },
});

/**
 * Answers a message addressed to the bot: one that mentions it, any message in a Q&A channel, or a follow-up —
 * a reply to one of its messages or a message in a thread started from one — which carries the previous turn
 * while it is stored, and is answered as a fresh question once it is gone.
 */
async function answerMessage(context: BotContext, message: Message): Promise<void> {
  if (message.author.bot || message.system || !message.inGuild()) return;
  const botId = message.client.user.id;
  const thread = message.channel.isThread() ? message.channel : undefined;
  // A thread started from a message shares that message's id, so one lookup covers replies and threads.
  const previous = context.conversations.recall(message.reference?.messageId, thread?.id);
  const mentioned = message.mentions.users.has(botId);
  const askChannelIds = context.config.discord.askChannelIds;
  const inAskChannel = askChannelIds.includes(message.channelId) || (!!thread?.parentId && askChannelIds.includes(thread.parentId));
  const repliesToBot = message.mentions.repliedUser?.id === botId;
  if (!mentioned && !inAskChannel && !previous && !repliesToBot) return;

  const question = questionFromContent(message.content, botId);
  if (!question && !mentioned) return;
  const refusal = rateLimitRefusal(context, message.author.id);
  if (refusal) {
    // One notice per window; after it, silence: a bot post per refused message would only amplify the spam.
    if (refusal.notify) await message.reply({ content: refusal.notice, allowedMentions: NO_PINGS, ...sendOnce('rate-limit', message.id) });
    return;
  }

  // "Typing…" until the first text shows: the whole answer, or the first checked sentence of a written one.
  await context.typing.during(message.channel, (shown) =>
    deliverAnswer(context, question, previous, {
      send: async (part, index) => {
        // The nonce names the question and the part, so a send that discord.js repeats after a timeout posts once.
        const options = { ...part, allowedMentions: NO_PINGS, ...sendOnce('answer', message.id, String(index)) };
        return (await (index === 0 ? message.reply(options) : message.channel.send(options))).id;
      },
      edit: (id, part) => message.channel.messages.edit(id, { ...part, allowedMentions: NO_PINGS }),
      rememberUnder: thread ? [thread.id] : [],
      onFirstText: shown,
      guildId: message.guildId,
    }),
  );
}
