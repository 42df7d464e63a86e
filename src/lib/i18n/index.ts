import i18next from 'i18next';
import { zhTW } from './messages/zh-TW.ts';
import { en } from './messages/en.ts';

/** Supported locales; the first is the default. */
export const locales = ['zh-TW', 'en'] as const;
export type Locale = (typeof locales)[number];
export const defaultLocale: Locale = 'zh-TW';
/** Cookie that remembers the chosen language. */
export const LOCALE_COOKIE = 'citydesk_locale';

export type MessageKey = keyof typeof zhTW;
export type Messages = Record<MessageKey, string>;
export type Translate = (key: MessageKey, values?: Record<string, string | number>) => string;

/** Narrows any string to a supported locale. */
export function isLocale(value: unknown): value is Locale {
	return typeof value === 'string' && (locales as readonly string[]).includes(value);
}

// One immutable instance for all requests: initialised synchronously, never mutated after.
const instance = i18next.createInstance();
void instance.init({
	resources: { 'zh-TW': { translation: zhTW }, en: { translation: en } },
	lng: defaultLocale,
	fallbackLng: defaultLocale,
	keySeparator: false,
	nsSeparator: false,
	interpolation: { escapeValue: false }, // Svelte escapes on render
	initAsync: false
});

/** A translator bound to one locale. */
export function translator(locale: Locale): Translate {
	const fixed = instance.getFixedT(locale);
	return (key, values) => fixed(key, values ?? {});
}
