/**
 * A full page load to `path` on this site. Used after the session changes (log in, pair, log out, revoke): the
 * router's cache and the query cache hold what the old session could see, and the top bar must re-render, so a
 * client-side navigation is not enough.
 */
export function hardNavigate(path: string): void {
  window.location.assign(new URL(path, window.location.origin).href);
}
