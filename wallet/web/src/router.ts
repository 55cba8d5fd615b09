/** Minimal history-API routing: the wallet service answers every app path with index.html. */
const listeners = new Set<() => void>();

export function currentPath(): string {
  return location.pathname;
}

export function navigate(to: string): void {
  history.pushState(null, '', to);
  listeners.forEach((l) => l());
  window.scrollTo(0, 0);
  // Move focus to the new page's heading for screen-reader and keyboard users.
  requestAnimationFrame(() => document.querySelector<HTMLElement>('main h1')?.focus());
}

export function onNavigate(listener: () => void): () => void {
  listeners.add(listener);
  const onPop = () => listener();
  window.addEventListener('popstate', onPop);
  return () => {
    listeners.delete(listener);
    window.removeEventListener('popstate', onPop);
  };
}

/** Same-page links without a reload. */
export function linkHandler(event: MouseEvent, to: string): void {
  if (event.metaKey || event.ctrlKey || event.shiftKey || event.button !== 0) return;
  event.preventDefault();
  navigate(to);
}
