import { Type, type TSchema } from '@sinclair/typebox';

/**
 * Glomopay's numbered lists: `page` (from 1) and `per_page` (default 20; above 100 is taken as 100, not
 * refused) → `{data, page_meta: {current, previous, next, per_page, pages, count}}`.
 */
const MAX_PER_PAGE = 100;

export const PagingQuery = {
  page: Type.Optional(Type.Integer({ minimum: 1, maximum: 1_000_000, default: 1 })),
  per_page: Type.Optional(Type.Integer({ minimum: 1, default: 20, description: 'Larger than 100 is taken as 100' })),
};

const PageMeta = Type.Object({
  current: Type.Integer(),
  previous: Type.Union([Type.Integer(), Type.Null()]),
  next: Type.Union([Type.Integer(), Type.Null()]),
  per_page: Type.Integer(),
  pages: Type.Integer(),
  count: Type.Integer(),
});

/** The answer's schema for a list of `item`. */
export const PagedList = (item: TSchema) => Type.Object({ data: Type.Array(item), page_meta: PageMeta });

/** The page asked for and its size, clamped. */
export function pageAsked(query: { page?: number; per_page?: number }): { page: number; perPage: number } {
  return { page: query.page ?? 1, perPage: Math.min(query.per_page ?? 20, MAX_PER_PAGE) };
}

/** The list's answer: the page's items and where it stands among `count` in all. */
export function pagedList<T>(data: T[], { page, perPage }: { page: number; perPage: number }, count: number) {
  const pages = Math.ceil(count / perPage);
  return { data, page_meta: { current: page, previous: page > 1 ? page - 1 : null, next: page < pages ? page + 1 : null, per_page: perPage, pages, count } };
}
