/**
 * Whether the person asked their system for less motion
 * (`prefers-reduced-motion: reduce`), kept up to date. antd does not read it
 * by itself; the console turns its motion off then (modals, menus and
 * messages appear at once instead of zooming and sliding).
 */
import { useSyncExternalStore } from 'react';

const QUERY = '(prefers-reduced-motion: reduce)';

function subscribe(onChange: () => void): () => void {
  const media = window.matchMedia(QUERY);
  media.addEventListener('change', onChange);
  return () => media.removeEventListener('change', onChange);
}

const reduced = () => window.matchMedia(QUERY).matches;

export function usePrefersReducedMotion(): boolean {
  return useSyncExternalStore(subscribe, reduced);
}
