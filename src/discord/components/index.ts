import type { ComponentHandler } from '../commands/command.ts';
import { digestButtons } from './digest.ts';
import { feedbackButtons } from './feedback.ts';
import { originalButtons } from './original.ts';

/** Every button handler the dispatcher routes to, by custom-id prefix. */
export const components: ComponentHandler[] = [feedbackButtons, originalButtons, digestButtons];
