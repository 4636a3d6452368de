import type { APIEmbed, APIEmbedField } from 'discord.js';
import { LIMITS } from './limits.ts';

/** The characters Discord counts against the 6000-per-message embed budget. */
export function embedLength(embed: APIEmbed): number {
  return (
    (embed.title?.length ?? 0) +
    (embed.description?.length ?? 0) +
    (embed.footer?.text.length ?? 0) +
    (embed.author?.name.length ?? 0) +
    (embed.fields ?? []).reduce((sum, field) => sum + fieldLength(field), 0)
  );
}

function fieldLength(field: APIEmbedField): number {
  return field.name.length + field.value.length;
}

/**
 * Spreads `fields` over as many copies of `base` as needed so that each embed holds at most 25 fields
 * and stays within the per-message budget on its own. `base` must itself be within limits.
 */
export function embedsWithFields(base: APIEmbed, fields: APIEmbedField[]): APIEmbed[] {
  const embeds: APIEmbed[] = [];
  let current: APIEmbed = { ...base, fields: [] };
  for (const field of fields) {
    const full = current.fields!.length >= LIMITS.embedFields || embedLength(current) + fieldLength(field) > LIMITS.embedsTotal;
    if (full && current.fields!.length > 0) {
      embeds.push(current);
      current = { ...base, fields: [] };
    }
    current.fields!.push(field);
  }
  if (current.fields!.length > 0) embeds.push(current);
  return embeds;
}

/** Groups embeds into messages that respect the 10-embed and 6000-character per-message limits. */
export function groupEmbeds(embeds: APIEmbed[]): APIEmbed[][] {
  const groups: APIEmbed[][] = [];
  let current: APIEmbed[] = [];
  let total = 0;
  for (const embed of embeds) {
    const size = embedLength(embed);
    if (current.length > 0 && (current.length >= LIMITS.embedsPerMessage || total + size > LIMITS.embedsTotal)) {
      groups.push(current);
      current = [];
      total = 0;
    }
    current.push(embed);
    total += size;
  }
  if (current.length > 0) groups.push(current);
  return groups;
}
