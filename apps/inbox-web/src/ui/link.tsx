import type { AnchorHTMLAttributes } from 'preact';
import { onLinkClick } from '../lib/router';

/**
 * An in-app link: a real `<a href>` (so it can be opened in a new tab or copied), while a plain
 * click navigates without reloading the page. Other attributes go to the `<a>` unchanged.
 */
export function Link({ href, ...attrs }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  return <a {...attrs} href={href} onClick={(e) => onLinkClick(e, href)} />;
}
