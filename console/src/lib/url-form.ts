/**
 * A filter form whose values live in the URL: the form starts from the URL
 * (as `initialValues`) and follows it when it changes afterwards (back,
 * forward, a link), without wiping what the user is typing on the first
 * render.
 */
import type { FormInstance } from 'antd';
import { useEffect, useRef } from 'react';

export function useFormFollowsUrl<Values extends object>(
  form: FormInstance<Values>,
  search: string,
  valuesOf: (params: URLSearchParams) => Values,
): void {
  const shown = useRef(search);
  useEffect(() => {
    if (shown.current === search) return;
    shown.current = search;
    // Every field the form has, cleared, then the URL's values.
    const cleared = Object.fromEntries(Object.keys(form.getFieldsValue(true)).map((name) => [name, undefined]));
    form.setFieldsValue({ ...cleared, ...valuesOf(new URLSearchParams(search)) } as Parameters<typeof form.setFieldsValue>[0]);
  }, [form, search, valuesOf]);
}
