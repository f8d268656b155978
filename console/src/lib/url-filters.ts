/**
 * A list's filters kept in the URL (a link can be shared; back and forward
 * work): the API's own parameter names, read from the URL, shown in a
 * form, written back on 查询. A date range is one picker in the form and
 * two parameters in the URL (calendar days, Beijing days to the API);
 * defaults are shown in the form but need no place in the URL.
 */
import { Form, type FormInstance } from 'antd';
import dayjs, { type Dayjs } from 'dayjs';
import { useCallback } from 'react';
import { useSearchParams } from 'react-router';
import { useFormFollowsUrl } from './url-form.ts';

export type DateRange = [Dayjs | null, Dayjs | null] | null;
export type FilterValues = Record<string, string | DateRange | undefined>;

export interface UrlFilterOptions<Name extends string> {
  /** The parameters the list takes from the URL (others are left out). */
  readonly names: readonly Name[];
  /** A range picker named `field` in the form for the parameters `from` and `to`. */
  readonly dateRange?: { readonly field: string; readonly from: Name; readonly to: Name };
  /** Values the form shows when the URL has none. */
  readonly defaults?: Partial<Record<Name, string>>;
}

export interface UrlFilters<Name extends string> {
  /** The URL's filters (defaults not included: the page's query adds them). */
  readonly filters: Partial<Record<Name, string>>;
  readonly form: FormInstance<FilterValues>;
  readonly initialValues: FilterValues;
  readonly apply: (values: FilterValues) => void;
  readonly reset: () => void;
}

/** The filters in a URL's query (unknown names and empty values left out). */
export function filtersOf<Name extends string>(names: readonly Name[], params: URLSearchParams): Partial<Record<Name, string>> {
  const filters: Partial<Record<Name, string>> = {};
  for (const name of names) {
    const value = params.get(name);
    if (value) filters[name] = value;
  }
  return filters;
}

function day(value: string | undefined): Dayjs | null {
  const parsed = value ? dayjs(value) : null;
  return parsed?.isValid() ? parsed : null;
}

export function useUrlFilters<Name extends string>(options: UrlFilterOptions<Name>): UrlFilters<Name> {
  const { names, dateRange, defaults } = options;
  const [params, setParams] = useSearchParams();
  const [form] = Form.useForm<FilterValues>();
  const filters = filtersOf(names, params);

  const valuesOf = useCallback(
    (from: URLSearchParams): FilterValues => {
      const values: FilterValues = { ...defaults, ...filtersOf(names, from) };
      if (dateRange) {
        const first = values[dateRange.from] as string | undefined;
        const last = values[dateRange.to] as string | undefined;
        delete values[dateRange.from];
        delete values[dateRange.to];
        values[dateRange.field] = first || last ? [day(first), day(last)] : null;
      }
      return values;
    },
    [names, dateRange, defaults],
  );
  useFormFollowsUrl(form, params.toString(), valuesOf);

  const apply = (values: FilterValues) => {
    const next: Record<string, string> = {};
    for (const [name, value] of Object.entries(values)) {
      if (typeof value !== 'string') continue;
      const text = value.trim();
      if (text && defaults?.[name as Name] !== text) next[name] = text;
    }
    if (dateRange) {
      const [first, last] = (values[dateRange.field] as DateRange) ?? [];
      if (first) next[dateRange.from] = first.format('YYYY-MM-DD');
      if (last) next[dateRange.to] = last.format('YYYY-MM-DD');
    }
    setParams(new URLSearchParams(next));
  };

  return { filters, form, initialValues: valuesOf(params), apply, reset: () => setParams(new URLSearchParams()) };
}
