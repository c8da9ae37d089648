/**
 * The two measures SciFact reports, as trec_eval computes them: nDCG@k with gain = the
 * judged relevance and discount log2(rank + 1), normalised by the ideal ordering of the
 * judged documents; and recall@k = relevant documents retrieved / relevant documents.
 * Only judgements with relevance > 0 count; every judged query counts, found or not.
 */
export type Qrels = Map<string, Map<string, number>>;

export function ndcgAt(k: number, ranked: string[], judged: Map<string, number>): number {
  let dcg = 0;
  ranked.slice(0, k).forEach((doc, i) => {
    const gain = judged.get(doc) ?? 0;
    if (gain > 0) dcg += gain / Math.log2(i + 2);
  });
  const ideal = [...judged.values()]
    .filter((g) => g > 0)
    .sort((a, b) => b - a)
    .slice(0, k);
  const idcg = ideal.reduce((sum, gain, i) => sum + gain / Math.log2(i + 2), 0);
  return idcg === 0 ? 0 : dcg / idcg;
}

export function recallAt(k: number, ranked: string[], judged: Map<string, number>): number {
  const relevant = [...judged].filter(([, g]) => g > 0).map(([doc]) => doc);
  if (relevant.length === 0) return 0;
  const top = new Set(ranked.slice(0, k));
  return relevant.filter((doc) => top.has(doc)).length / relevant.length;
}

/** Mean of a measure over every query in the qrels (a query with no run scores 0). */
export function meanOver(
  qrels: Qrels,
  runs: Map<string, string[]>,
  measure: (ranked: string[], judged: Map<string, number>) => number,
): number {
  let sum = 0;
  for (const [qid, judged] of qrels) sum += measure(runs.get(qid) ?? [], judged);
  return qrels.size === 0 ? 0 : sum / qrels.size;
}

export function parseQrels(tsv: string): Qrels {
  const qrels: Qrels = new Map();
  for (const line of tsv.split('\n').slice(1)) {
    const [qid, doc, score] = line.trim().split('\t');
    if (!qid || !doc || score === undefined) continue;
    if (!qrels.has(qid)) qrels.set(qid, new Map());
    qrels.get(qid)!.set(doc, Number(score));
  }
  return qrels;
}
