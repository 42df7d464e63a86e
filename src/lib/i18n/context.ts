import { getContext, setContext } from 'svelte';
import { translator, type Locale, type Translate } from './index.ts';

const KEY = Symbol('i18n');

/** What components read: the current locale and a translator for it. */
export interface I18n {
	readonly locale: Locale;
	t: Translate;
}

/** Provides i18n to the component tree; `getLocale` is read on every call, so it stays live. */
export function provideI18n(getLocale: () => Locale): I18n {
	const i18n: I18n = {
		get locale() {
			return getLocale();
		},
		t: (key, values) => translator(getLocale())(key, values)
	};
	setContext(KEY, i18n);
	return i18n;
}

/** The i18n provided by the root layout. */
export function useI18n(): I18n {
	const i18n = getContext<I18n | undefined>(KEY);
	if (!i18n) throw new Error('useI18n() outside the root layout');
	return i18n;
}
