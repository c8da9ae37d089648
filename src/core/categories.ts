/**
 * arXiv categories (`cs.CL`, `hep-th`, `physics.acc-ph`) and the one rule for matching them:
 * a category matches itself, an archive (`cs`) matches all of its categories, `*` matches all.
 */

/** An archive in lower case, optionally a dot and a subject class. */
export const ARXIV_CATEGORY = /^[a-z-]+(\.[A-Za-z-]+)?$/;

export function isArxivCategory(text: string): boolean {
  return ARXIV_CATEGORY.test(text);
}

/** Whether `rule` (a category, an archive or `*`) covers `category`. */
export function categoryMatches(rule: string, category: string): boolean {
  return rule === '*' || category === rule || category.startsWith(`${rule}.`);
}

/** Whether any of `rules` covers any of a paper's `categories`; no rules match nothing. */
export function anyCategoryMatches(rules: readonly string[], categories: readonly string[]): boolean {
  return rules.some((rule) => categories.some((category) => categoryMatches(rule, category)));
}
