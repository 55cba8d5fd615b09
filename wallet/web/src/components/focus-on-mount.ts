import { useMemo } from 'preact/hooks';

/**
 * A ref callback that moves focus to an element as it appears, so the person hears what
 * happened. It runs as the element is attached, not after paint like an effect, so no render
 * in between can leave focus on <body>. Pass the function itself (a stable reference): an
 * inline arrow would be called again on every render.
 */
export function focusOnMount(element: HTMLElement | null): void {
  if (!element) return;
  if (element.isConnected) element.focus();
  else requestAnimationFrame(() => element.focus());
}

/**
 * A ref callback that moves focus to its element in the commit where `active` is true and it or
 * one of `deps` changed, like an effect on those but without waiting for paint: the buttons the
 * person pressed are often gone in that same commit, and on a loaded machine an effect after
 * paint left focus on <body> until then. A new callback per change is what makes the renderer
 * call it again.
 */
export function useFocusWhen(active: boolean, deps: unknown[] = []): (element: HTMLElement | null) => void {
  return useMemo(
    () => (element: HTMLElement | null) => (active ? focusOnMount(element) : undefined),
    [active, ...deps],
  );
}
