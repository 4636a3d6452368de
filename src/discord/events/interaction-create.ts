import { Events } from 'discord.js';
import { dispatchInteraction } from '../interactions.ts';
import { defineEvent } from './event.ts';

export const interactionCreate = defineEvent({
  name: Events.InteractionCreate,
  execute: (context, interaction) => dispatchInteraction(interaction, context),
});
