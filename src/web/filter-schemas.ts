/** Shapes of the saved-filter API (src/web/routes/filters-api.ts), in /openapi.json. */
import { Type } from 'typebox';
import { MAX_QUERY_LENGTH } from '../core/search-query.ts';
import { MAX_FILTER_NAME } from '../filters/index.ts';
import { MAX_FILTER_CATEGORIES, MAX_MIN_UPVOTES } from '../filters/filter-spec.ts';

const instant = Type.String({ format: 'date-time' });
const EMAIL = Type.Union([Type.Literal('daily'), Type.Literal('weekly'), Type.Null()], {
  description: 'The filter’s e-mail digest to your verified address: daily, weekly, or null for none.',
});

export const SavedFilter = Type.Object({
  id: Type.Integer(),
  name: Type.String(),
  query: Type.String({ description: 'Search-box text: words (any), "phrases" and author:"Name" (all), -exclusions.' }),
  categories: Type.Array(Type.String(), { description: 'arXiv categories or archives (any); `-cs.SD` leaves one out.' }),
  hasCode: Type.Union([Type.Boolean(), Type.Null()]),
  minUpvotes: Type.Integer(),
  scope: Type.Union([Type.Literal('feed'), Type.Literal('archive')], {
    description: '`feed`: papers on the daily feed; `archive`: every paper.',
  }),
  description: Type.String({ description: 'The filter in words.' }),
  public: Type.Boolean({
    description: 'Public: anyone may read its page and feeds; private: you, and readers of its token URLs.',
  }),
  email: EMAIL,
  url: Type.String({ format: 'uri', description: 'Its page.' }),
  feeds: Type.Object(
    { atom: Type.String({ format: 'uri' }), json: Type.String({ format: 'uri' }) },
    { description: 'Atom and JSON Feed 1.1, with the feed token: keep them private unless the filter is public.' },
  ),
  webhooks: Type.String({ format: 'uri', description: 'Where webhooks for this filter are set up.' }),
  createdAt: instant,
  updatedAt: instant,
});

const fields = {
  query: Type.Optional(Type.String({ 'x-refusal': `query must be text of at most ${MAX_QUERY_LENGTH} characters` })),
  categories: Type.Optional(
    Type.Array(Type.String(), {
      'x-refusal': 'categories must be a list of arXiv categories such as cs.CL, with -cs.SD to leave one out',
    }),
  ),
  hasCode: Type.Optional(Type.Union([Type.Boolean(), Type.Null()], { 'x-refusal': 'hasCode must be true, false or null' })),
  minUpvotes: Type.Optional(
    Type.Integer({
      minimum: 0,
      maximum: MAX_MIN_UPVOTES,
      'x-refusal': `minUpvotes must be a whole number from 0 to ${MAX_MIN_UPVOTES}`,
    }),
  ),
  scope: Type.Optional(
    Type.Enum(['feed', 'archive'], {
      type: 'string',
      'x-refusal': 'scope must be feed (papers on the daily feed) or archive (every paper)',
    }),
  ),
  public: Type.Optional(Type.Boolean({ 'x-refusal': 'public must be true or false' })),
  email: Type.Optional(EMAIL),
};

export const FilterBody = Type.Object({
  name: Type.String({
    'x-missing': 'a filter needs a name',
    description: `At most ${MAX_FILTER_NAME} characters, unique among yours.`,
  }),
  ...fields,
});

export const FilterChangeBody = Type.Object({ name: Type.Optional(Type.String()), ...fields });

export const FilterIdParams = Type.Object({
  id: Type.String({ pattern: '^[0-9]{1,15}$', description: 'The filter id.', 'x-must-be': 'a filter id (digits)' }),
});

export const FeedTokenQuery = Type.Object({
  token: Type.Optional(Type.String({ maxLength: 100, description: 'The filter’s feed token (private filters).' })),
});

export { MAX_FILTER_CATEGORIES };

/** A filter in the member's export: its fields as the API writes them, and its digest when exported. */
export const ExportedFilter = Type.Object({
  name: Type.String(),
  query: Type.String(),
  categories: Type.Array(Type.String()),
  hasCode: Type.Union([Type.Boolean(), Type.Null()]),
  minUpvotes: Type.Integer(),
  scope: Type.String(),
  public: Type.Boolean(),
  email: EMAIL,
  createdAt: instant,
});
