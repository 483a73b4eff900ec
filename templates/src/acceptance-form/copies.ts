import type { Locale } from '../locales';
import { da } from './da';
import { de } from './de';
import { en } from './en';
import { fi } from './fi';
import { nb } from './nb';
import { nl } from './nl';
import { sv } from './sv';
import type { AcceptanceFormCopy } from './types';

/** Typed as a full record so adding a locale without its copy fails to compile. */
export const ACCEPTANCE_FORM_COPY: Readonly<Record<Locale, AcceptanceFormCopy>> = { en, nb, de, sv, da, nl, fi };
