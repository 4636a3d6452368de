import type { Language } from '../types.ts';

/**
 * The language to show an interaction's reply in: English for an English Discord client (en-US, en-GB), Chinese
 * (the digest's own language) for every other locale.
 */
export function localeLanguage(locale: string | null | undefined): Language {
  return locale && /^en(?:-|$)/iu.test(locale) ? 'en' : 'zh';
}
