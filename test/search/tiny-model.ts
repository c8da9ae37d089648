/**
 * Writes a tiny BERT-shaped model folder for the local-embedder tests, made here so the suite
 * needs no download: a WordPiece tokenizer over a few dozen words, and an ONNX graph that looks
 * each token up in an embedding table and zeroes padding (Gather, Cast, Unsqueeze, Mul). Each
 * word's row is one-hot on its topic, so mean pooling yields a topic histogram: enough to prove
 * loading, tokenising, pooling, storing and fusing — not quality.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const TINY_TOPICS: string[][] = [
  ['routing', 'experts', 'sparse', 'mixture', 'tokens'],
  ['retrieval', 'index', 'query', 'search', 'dense'],
  ['language', 'models', 'explain', 'survey', 'large'],
  ['quantum', 'noise', 'qubits', 'surface', 'codes'],
  ['graph', 'molecules', 'chemistry', 'networks', 'molecular'],
];
const SPECIALS = ['[PAD]', '[UNK]', '[CLS]', '[SEP]'];
/** One dimension per topic, and one that special and unknown tokens light up. */
export const TINY_DIMENSIONS = TINY_TOPICS.length + 1;

export function tinyVocabulary(): string[] {
  return [...SPECIALS, ...TINY_TOPICS.flat()];
}

/** The embedding row of a vocabulary entry. */
export function tinyRow(token: string): number[] {
  const row = new Array<number>(TINY_DIMENSIONS).fill(0);
  const topic = TINY_TOPICS.findIndex((words) => words.includes(token));
  if (token === '[PAD]') return row;
  row[topic === -1 ? TINY_DIMENSIONS - 1 : topic] = 1;
  return row;
}

export function writeTinyModel(folder: string): void {
  mkdirSync(join(folder, 'onnx'), { recursive: true });
  const vocabulary = tinyVocabulary();
  writeFileSync(
    join(folder, 'config.json'),
    JSON.stringify({ model_type: 'bert', hidden_size: TINY_DIMENSIONS, vocab_size: vocabulary.length }),
  );
  writeFileSync(
    join(folder, 'tokenizer_config.json'),
    JSON.stringify({
      tokenizer_class: 'BertTokenizer',
      do_lower_case: true,
      model_max_length: 64,
      pad_token: '[PAD]',
      unk_token: '[UNK]',
      cls_token: '[CLS]',
      sep_token: '[SEP]',
    }),
  );
  writeFileSync(join(folder, 'tokenizer.json'), JSON.stringify(tokenizerJson(vocabulary)));
  writeFileSync(join(folder, 'onnx', 'model.onnx'), onnxModel(vocabulary));
}

function tokenizerJson(vocabulary: string[]) {
  const special = (content: string, id: number) => ({
    id,
    content,
    single_word: false,
    lstrip: false,
    rstrip: false,
    normalized: false,
    special: true,
  });
  return {
    version: '1.0',
    truncation: null,
    padding: null,
    added_tokens: SPECIALS.map(special),
    normalizer: { type: 'BertNormalizer', clean_text: true, handle_chinese_chars: true, strip_accents: null, lowercase: true },
    pre_tokenizer: { type: 'BertPreTokenizer' },
    post_processor: {
      type: 'TemplateProcessing',
      single: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
      ],
      pair: [
        { SpecialToken: { id: '[CLS]', type_id: 0 } },
        { Sequence: { id: 'A', type_id: 0 } },
        { SpecialToken: { id: '[SEP]', type_id: 0 } },
        { Sequence: { id: 'B', type_id: 1 } },
        { SpecialToken: { id: '[SEP]', type_id: 1 } },
      ],
      special_tokens: {
        '[CLS]': { id: '[CLS]', ids: [2], tokens: ['[CLS]'] },
        '[SEP]': { id: '[SEP]', ids: [3], tokens: ['[SEP]'] },
      },
    },
    decoder: { type: 'WordPiece', prefix: '##', cleanup: true },
    model: {
      type: 'WordPiece',
      unk_token: '[UNK]',
      continuing_subword_prefix: '##',
      max_input_chars_per_word: 100,
      vocab: Object.fromEntries(vocabulary.map((token, id) => [token, id])),
    },
  };
}

// ---- ONNX as protocol buffers, written by hand: the few message fields a graph needs ----

const FLOAT = 1;
const INT64 = 7;

function varint(value: number | bigint): number[] {
  let v = BigInt.asUintN(64, BigInt(value));
  const out: number[] = [];
  do {
    let byte = Number(v & 0x7fn);
    v >>= 7n;
    if (v > 0n) byte |= 0x80;
    out.push(byte);
  } while (v > 0n);
  return out;
}

const field = {
  int: (no: number, value: number | bigint) => [...varint((no << 3) | 0), ...varint(value)],
  bytes: (no: number, data: Uint8Array | number[]) => [...varint((no << 3) | 2), ...varint(data.length), ...data],
  string: (no: number, text: string) => field.bytes(no, [...Buffer.from(text, 'utf8')]),
};

function tensorType(elemType: number, dims: (number | string)[]) {
  const shape = dims.flatMap((d) => field.bytes(1, typeof d === 'number' ? field.int(1, d) : field.string(2, d)));
  return field.bytes(1, [...field.int(1, elemType), ...field.bytes(2, shape)]);
}

function valueInfo(name: string, elemType: number, dims: (number | string)[]) {
  return [...field.string(1, name), ...field.bytes(2, tensorType(elemType, dims))];
}

function node(op: string, inputs: string[], outputs: string[], attributes: number[][] = []) {
  return [
    ...inputs.flatMap((i) => field.string(1, i)),
    ...outputs.flatMap((o) => field.string(2, o)),
    ...field.string(3, `${op.toLowerCase()}_node`),
    ...field.string(4, op),
    ...attributes.flatMap((a) => field.bytes(5, a)),
  ];
}

function tensor(name: string, dataType: number, dims: number[], raw: Uint8Array) {
  return [...dims.flatMap((d) => field.int(1, d)), ...field.int(2, dataType), ...field.string(8, name), ...field.bytes(9, raw)];
}

function onnxModel(vocabulary: string[]): Uint8Array {
  const table = Float32Array.from(vocabulary.flatMap(tinyRow));
  const axes = BigInt64Array.from([-1n]);
  const graph = [
    ...field.bytes(1, node('Gather', ['embeddings', 'input_ids'], ['gathered'])),
    ...field.bytes(
      1,
      node('Cast', ['attention_mask'], ['mask_float'], [[...field.string(1, 'to'), ...field.int(20, 2), ...field.int(3, FLOAT)]]),
    ),
    ...field.bytes(1, node('Unsqueeze', ['mask_float', 'axes'], ['mask'])),
    ...field.bytes(1, node('Mul', ['gathered', 'mask'], ['last_hidden_state'])),
    ...field.string(2, 'tiny-topics'),
    ...field.bytes(5, tensor('embeddings', FLOAT, [vocabulary.length, TINY_DIMENSIONS], new Uint8Array(table.buffer))),
    ...field.bytes(5, tensor('axes', INT64, [1], new Uint8Array(axes.buffer))),
    ...field.bytes(11, valueInfo('input_ids', INT64, ['batch', 'sequence'])),
    ...field.bytes(11, valueInfo('attention_mask', INT64, ['batch', 'sequence'])),
    ...field.bytes(12, valueInfo('last_hidden_state', FLOAT, ['batch', 'sequence', TINY_DIMENSIONS])),
  ];
  const model = [
    ...field.int(1, 8),
    ...field.string(2, 'dailypapers-tests'),
    ...field.bytes(7, graph),
    ...field.bytes(8, [...field.string(1, ''), ...field.int(2, 13)]),
  ];
  return Uint8Array.from(model);
}
