/** Refusals are core (every capability refuses in the same words); social's modules import them from here. */
export { Refusal, type RefusalKind } from '../core/refusal.ts';
