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

/** The one script: it follows a compilation's progress on the version page (pages work without it). */
export const PROGRESS_SCRIPT = readFileSync(new URL('./progress.js', import.meta.url), 'utf8');
export const PROGRESS_SCRIPT_PATH = `/assets/progress.${createHash('sha256').update(PROGRESS_SCRIPT).digest('base64url').slice(0, 12)}.js`;

/** Counts a text field's characters as the server does while the person types (the page shows the count without it). */
export const FORM_COUNTER_SCRIPT = readFileSync(new URL('./form-counter.js', import.meta.url), 'utf8');
const counterVersion = createHash('sha256').update(FORM_COUNTER_SCRIPT).digest('base64url').slice(0, 12);
export const FORM_COUNTER_PATH = `/assets/form-counter.${counterVersion}.js`;

/** Hides a form's fields whose condition does not hold while the person fills it in (without it every field shows, with a note). */
export const FORM_SHOW_IF_SCRIPT = readFileSync(new URL('./form-show-if.js', import.meta.url), 'utf8');
const showIfVersion = createHash('sha256').update(FORM_SHOW_IF_SCRIPT).digest('base64url').slice(0, 12);
export const FORM_SHOW_IF_PATH = `/assets/form-show-if.${showIfVersion}.js`;
