/**
 * Whether the person asked their system for less motion
 * (`prefers-reduced-motion: reduce`). antd's animated components (modals,
 * menus, messages) do not read it; the console turns antd's motion off
 * then, so that they appear at once instead of zooming and sliding.
 *
 * Read once, when the console loads: antd wraps the whole tree in a motion
 * provider the first time its motion setting changes, which would mount
 * every page afresh (an open dialog, a half-typed form lost) if a change
 * were followed while the console is open. A change applies on the next
 * load.
 */
export const PREFERS_REDUCED_MOTION: boolean = window.matchMedia('(prefers-reduced-motion: reduce)').matches;
