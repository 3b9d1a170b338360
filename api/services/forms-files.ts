import type { Actor } from '../../core/actor';
import * as files from '../../db/queries/attachments';
import { taskOfSeatForm } from '../../db/queries/forms';
import { UserError } from '../plugins/errors';
import { MAX_LABEL, type Upload } from './attachments';
import type { Ctx } from './context';
import { check, editable, save } from './forms';
import { audit } from './register';

/**
 * A file for a form's attachment field: checked against the field's types and size as any value
 * is, stored as a file of the form's task (so it travels with the submission's step output), and
 * saved as the field's value, with who changed it.
 */
export async function attachFormFile(ctx: Ctx, actor: Actor, id: string, fieldKey: string, file: Upload | undefined) {
  // Like any body that does not validate, a post without a file is turned away before whose form it names is looked at.
  if (!file) throw new UserError(400, 'attachment.missing', {}, { field: 'file' });
  const form = await editable(ctx, actor, id);
  const field = form.step.fields.find((f) => f.key === fieldKey);
  if (field?.kind !== 'attachment') {
    file.discard();
    throw new UserError(404, 'form.noAttachmentField', { field: fieldKey });
  }
  const type = files.attachmentType(file.name, file.declaredType) ?? file.declaredType;
  const tooLarge = new UserError(400, 'attachment.tooLarge', { max: MAX_LABEL }, { field: fieldKey });
  const data = await file.read().catch((err: { code?: string }) => {
    throw err.code === 'FST_REQ_FILE_TOO_LARGE' ? tooLarge : err;
  });
  const candidate = { id: 'pending', name: file.name, type, size: data.length };
  // The field's own rules name the problem, before anything is stored.
  check(ctx, form.step.fields, { ...form.form.values, [fieldKey]: candidate }, 'draft');
  if (data.length > files.MAX_ATTACHMENT_BYTES) throw tooLarge;
  const taskId = await taskOfSeatForm(ctx.db, form.form);
  if (!taskId) throw new UserError(409, 'form.noTaskForFiles');
  const saved = await files.saveAttachment(ctx.db, ctx.config.attachmentsDir, {
    taskId,
    name: file.name,
    contentType: type,
    data,
    seatId: actor.seatId,
    holderId: actor.holderId,
  });
  const value = { ...candidate, id: saved.id };
  await save(ctx, actor, form, { ...form.form.values, [fieldKey]: value });
  await audit(ctx, actor, 'attachment.uploaded', { kind: 'form', id }, { attachment: saved.id, field: fieldKey, bytes: data.length });
  return value;
}
