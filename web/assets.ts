import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';

/**
 * The one stylesheet, served from its own address so that pages need no inline style (the
 * Content-Security-Policy allows styles from this origin only). Its address carries a hash of
 * its content: a browser may keep it for a year, and a changed sheet has a new address.
 */
export const STYLESHEET = readFileSync(new URL('./app.css', import.meta.url), 'utf8');
const version = createHash('sha256').update(STYLESHEET).digest('base64url').slice(0, 12);
export const STYLESHEET_PATH = `/assets/app.${version}.css`;
