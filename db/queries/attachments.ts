import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { and, eq, ne } from 'drizzle-orm';
import type { Db } from '../client';
import * as t from '../schema';

/** What may be uploaded with a task: office documents, text, tables and images, by extension. */
export const ATTACHMENT_TYPES: Record<string, string> = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  odt: 'application/vnd.oasis.opendocument.text',
  ods: 'application/vnd.oasis.opendocument.spreadsheet',
  txt: 'text/plain',
  csv: 'text/csv',
  png: 'image/png',
  jpg: 'image/jpeg',
  jpeg: 'image/jpeg',
};
export const MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024;

/**
 * The content type a file is stored and served with, from its name's extension; undefined when
 * the type is not allowed. A browser's own guess is accepted only when it agrees, or says nothing.
 */
export function attachmentType(name: string, declared: string): string | undefined {
  const type = ATTACHMENT_TYPES[path.extname(name).slice(1).toLowerCase()];
  if (!type) return undefined;
  const given = declared.split(';')[0]!.trim().toLowerCase();
  return given === type || given === 'application/octet-stream' || given === '' || (type.startsWith('text/') && given.startsWith('text/'))
    ? type
    : undefined;
}

export interface NewAttachment {
  taskId: string;
  name: string;
  contentType: string;
  data: Buffer;
  seatId?: string;
  holderId?: string;
}

/** Stores the file in PostgreSQL, or under `dir` named by its SHA-256 (so equal files are stored once). */
export async function saveAttachment(db: Db, dir: string | undefined, a: NewAttachment) {
  const sha256 = createHash('sha256').update(a.data).digest('hex');
  let file: string | undefined;
  if (dir) {
    file = path.join(dir, sha256);
    await mkdir(dir, { recursive: true });
    // Written aside and renamed: a reader never sees half a file.
    const partial = `${file}.${process.pid}.part`;
    await writeFile(partial, a.data);
    await rename(partial, file);
  }
  const [row] = await db
    .insert(t.attachments)
    .values({
      taskId: a.taskId,
      name: a.name,
      contentType: a.contentType,
      size: a.data.length,
      sha256,
      data: file ? null : a.data,
      path: file ? path.basename(file) : null,
      uploadedBySeatId: a.seatId ?? null,
      uploadedByHolderId: a.holderId ?? null,
    })
    .returning({
      id: t.attachments.id,
      name: t.attachments.name,
      contentType: t.attachments.contentType,
      size: t.attachments.size,
      sha256: t.attachments.sha256,
    });
  return row!;
}

export async function findAttachment(db: Db, id: string) {
  const [row] = await db.select().from(t.attachments).where(eq(t.attachments.id, id));
  return row;
}

export async function attachmentContent(dir: string | undefined, row: t.AttachmentRow): Promise<Buffer> {
  if (row.data) return row.data;
  if (!row.path || !dir) throw new Error(`attachment ${row.id} has no stored content`);
  return readFile(path.join(dir, row.path));
}

/** Removes a file not yet part of an output; its stored copy goes when no other row names it. */
export async function deleteAttachment(db: Db, dir: string | undefined, row: t.AttachmentRow): Promise<void> {
  await db.delete(t.attachments).where(eq(t.attachments.id, row.id));
  if (!row.path || !dir) return;
  const others = await db
    .select({ id: t.attachments.id })
    .from(t.attachments)
    .where(and(eq(t.attachments.path, row.path), ne(t.attachments.id, row.id)))
    .limit(1);
  if (others.length === 0) await rm(path.join(dir, row.path), { force: true });
}
