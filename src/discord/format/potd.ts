import { channelMention, time, TimestampStyles } from 'discord.js';
import type { EffectiveSettings, TodayPaper } from '../../potd/scheduler.ts';
import { nextSlot } from '../../potd/schedule.ts';
import type { GuildOverrides } from '../../potd/store.ts';
import type { Language } from '../../types.ts';
import { paperTitle } from './paper.ts';

/**
 * A guild's paper-of-the-day settings as /potd-config shows them: each value says whether the server set it or it
 * is the bot's default, and the next post is a Discord timestamp, which every reader sees in their own time zone.
 */
export function potdSettingsText(settings: EffectiveSettings, now: Date, today?: TodayPaper): string {
  const origin = (key: keyof GuildOverrides) => (key in settings.overrides ? '（本服务器设置 · set here）' : '（默认 · default）');
  const next = settings.enabled && settings.channelId ? nextSlot(settings, now) : undefined;
  const lines = [
    '**每日论文设置 · Paper of the day settings**',
    `频道 · Channel: ${settings.channelId ? channelMention(settings.channelId) : '未设置 · not set'}${origin('channelId')}`,
    `时间 · Schedule: \`${settings.cron}\`${origin('cron')}`,
    `时区 · Time zone: ${settings.timeZone}${origin('timeZone')}`,
    `语言 · Language: ${LANGUAGE_NAMES[settings.language]}${origin('language')}`,
    `状态 · Status: ${status(settings)}${origin('enabled')}`,
    `下一次发布 · Next post: ${next ? `${time(next, TimestampStyles.FullDateShortTime)}（${time(next, TimestampStyles.RelativeTime)}）` : '—'}`,
  ];
  if (today) {
    const state = today.posted ? '已发布 · posted' : '尚未发布 · not posted yet';
    lines.push(`今日论文 · Today's paper: ${paperTitle(today.paper, settings.language)}（${state}）`);
  }
  return lines.join('\n');
}

const LANGUAGE_NAMES: Record<Language, string> = { zh: '中文 · Chinese (zh)', en: '英文 · English (en)' };

function status(settings: EffectiveSettings): string {
  if (!settings.enabled) return '已停用 · disabled';
  if (!settings.channelId) return '已启用，但没有频道，不会发布 · enabled, but nothing is posted until a channel is set';
  return '已启用 · enabled';
}
