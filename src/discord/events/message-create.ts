import { Events, type Message } from 'discord.js';
import { log } from '../../log.ts';
import { deliverAnswer, rateLimitRefusal } from '../answering.ts';
import { NO_PINGS } from '../client.ts';
import type { BotContext } from '../context.ts';
import { APOLOGY } from '../errors.ts';
import { questionFromContent } from '../mentions.ts';
import { defineEvent } from './event.ts';

/** Discord shows "typing…" for 10 seconds; refresh a little before it lapses. */
const TYPING_REFRESH_MS = 8000;

export const messageCreate = defineEvent({
  name: Events.MessageCreate,
  async execute(context, message) {
    try {
      await answerMessage(context, message);
    } catch (error) {
      log.error(`Answering message ${message.id} failed`, error);
      await message.reply({ content: APOLOGY, allowedMentions: NO_PINGS }).catch((replyError: unknown) => {
        log.warn('Could not send the apology', replyError);
      });
    }
  },
});

/**
 * Answers a message addressed to the bot: one that mentions it, any message in a Q&A channel, or a follow-up —
 * a reply to one of its answers or a message in a thread started from one — which carries the previous turn.
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
  if (!mentioned && !inAskChannel && !previous) return;

  const question = questionFromContent(message.content, botId);
  if (!question && !mentioned) return;
  const refusal = rateLimitRefusal(context, message.author.id);
  if (refusal) {
    await message.reply({ content: refusal, allowedMentions: NO_PINGS });
    return;
  }

  await whileTyping(message, () =>
    deliverAnswer(context, question, previous, {
      send: async (part, index) => {
        const options = { ...part, allowedMentions: NO_PINGS };
        return (await (index === 0 ? message.reply(options) : message.channel.send(options))).id;
      },
      rememberUnder: thread ? [thread.id] : [],
    }),
  );
}

async function whileTyping<T>(message: Message<true>, work: () => Promise<T>): Promise<T> {
  const showTyping = () => message.channel.sendTyping().catch((error: unknown) => log.debug('sendTyping failed', error));
  void showTyping();
  const timer = setInterval(showTyping, TYPING_REFRESH_MS);
  try {
    return await work();
  } finally {
    clearInterval(timer);
  }
}
