import { createHash } from 'node:crypto';
import { canonicalFormContent } from '../../core/form-content';
import type { FormFields, FormValues } from '../../core/form-fields';

/**
 * The SHA-256 (hex) of a form's content: asking for a signature, signing and submitting all
 * compute it here, so a form signed as it stands is submitted as signed, and any change is seen.
 */
export const contentHash = (fields: FormFields, values: FormValues) =>
  createHash('sha256').update(canonicalFormContent(fields, values), 'utf8').digest('hex');
