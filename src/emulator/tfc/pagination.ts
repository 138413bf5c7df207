import type { Exchange } from "../http/exchange";

const DEFAULT_PAGE_SIZE = 20;
const MAX_PAGE_SIZE = 100;

/** One page of a list plus the JSON:API `meta.pagination` and `links` that describe it. */
export interface Page<T> {
  items: T[];
  meta: { pagination: Record<string, number | null> };
  links: Record<string, string | null>;
}

/** Pages a list by `page[number]` and `page[size]` (default 20, capped at 100). */
export function paginate<T>(items: readonly T[], exchange: Exchange): Page<T> {
  const size = Math.min(positiveInteger(exchange.query.get("page[size]")) ?? DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE);
  const totalPages = Math.max(1, Math.ceil(items.length / size));
  const current = positiveInteger(exchange.query.get("page[number]")) ?? 1;
  const pageLink = (number: number): string => {
    const query = new URLSearchParams(exchange.query);
    query.set("page[number]", String(number));
    query.set("page[size]", String(size));
    return `${exchange.baseUrl}${exchange.path}?${query.toString()}`;
  };
  return {
    items: items.slice((current - 1) * size, current * size),
    meta: {
      pagination: {
        "current-page": current,
        "page-size": size,
        "prev-page": current > 1 ? current - 1 : null,
        "next-page": current < totalPages ? current + 1 : null,
        "total-pages": totalPages,
        "total-count": items.length,
      },
    },
    links: {
      self: pageLink(current),
      first: pageLink(1),
      prev: current > 1 ? pageLink(current - 1) : null,
      next: current < totalPages ? pageLink(current + 1) : null,
      last: pageLink(totalPages),
    },
  };
}

function positiveInteger(raw: string | null): number | undefined {
  if (raw === null || !/^\d+$/.test(raw)) return undefined;
  const value = Number(raw);
  return value >= 1 ? value : undefined;
}
