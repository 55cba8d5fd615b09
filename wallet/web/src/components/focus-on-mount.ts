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
