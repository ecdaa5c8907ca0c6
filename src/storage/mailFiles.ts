/**
 * The file mode of outgoing mail (no SMTP_URL): each message is written as an `.eml` file (RFC 5322,
 * CRLF line ends) to `<DATA_DIR>/uitgaande-mail/<id>.eml`, atomically and durably. The file is named
 * by the message's id, so writing a message again after a crash (between the file and its "sent"
 * record) replaces the same file: in file mode a message is never there twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import { MAIL_ID } from '../schemas/mail.js';
import { fsyncPathAsync, replaceFileDurably } from './durableFile.js';

/** The folder of the written messages, in the data folder. */
export const OUTGOING_MAIL_DIR = 'uitgaande-mail';

export class MailFiles {
  private ready = false;

  constructor(readonly dataDir: string) {}

  get dir(): string {
    return path.join(this.dataDir, OUTGOING_MAIL_DIR);
  }

  /** Writes the raw message of mail `id` and returns the file's path once it is durable. */
  async write(id: string, raw: Buffer): Promise<string> {
    if (!MAIL_ID.test(id)) throw new Error(`not a mail id: ${JSON.stringify(id)}`);
    if (!this.ready) {
      if (!fs.existsSync(this.dir)) {
        await fs.promises.mkdir(this.dir, { recursive: true });
        await fsyncPathAsync(this.dataDir);
      }
      this.ready = true;
    }
    const file = path.join(this.dir, `${id}.eml`);
    await replaceFileDurably(file, raw);
    return file;
  }
}
