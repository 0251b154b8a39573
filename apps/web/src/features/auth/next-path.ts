/**
 * The page to open after login, from `?next=`. Only same-site paths are followed — never `//evil.example`,
 * `/\evil.example` or `https://…` — and never the login page itself.
 */
export function safeNextPath(next: string | null | undefined): string {
  if (!next || !next.startsWith('/') || next.startsWith('//') || next.startsWith('/\\')) return '/';
  if (next === '/login' || next.startsWith('/login?') || next.startsWith('/login/')) return '/';
  return next;
}
