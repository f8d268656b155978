/**
 * Channel secrets at rest (the app secret and the access token a channel
 * gave us): AES-256-GCM with a 32-byte key, a fresh 96-bit IV per value,
 * and the channel code and field name bound in as associated data, so a
 * value copied onto another channel or field does not decrypt.
 *
 * Stored as text: `v1:<key id>:<iv>:<tag>:<ciphertext>` (base64url). The
 * key id (8 hex digits of a SHA-256 of the key) tells a changed key apart
 * from an altered value.
 *
 * The key: `SECRETS_KEY` (config.ts). Without it, the embedded database
 * keeps one in `DATA_DIR/secrets.key` (made once, mode 0600, reused); on
 * Postgres it must be set, since several instances share the database.
 */
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { closeSync, mkdirSync, openSync, readFileSync, statSync, writeSync } from 'node:fs';
import path from 'node:path';

export const SECRETS_KEY_FILE = 'secrets.key';

/** The key is missing, unreadable, or not the one a value was encrypted with; or a value was altered. */
export class SecretsKeyError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'SecretsKeyError';
  }
}

export interface SecretsKeySource {
  readonly secretsKey: Buffer | undefined;
  readonly databaseUrl: string | undefined;
  readonly dataDir: string;
}

/** `SECRETS_KEY`, or on the embedded database the key kept in its data directory (made on first use). */
export function resolveSecretsKey(source: SecretsKeySource): Buffer {
  if (source.secretsKey) return source.secretsKey;
  if (source.databaseUrl) {
    throw new SecretsKeyError(
      'SECRETS_KEY is not set: on Postgres (DATABASE_URL) channel secrets need it, the same on every instance ' +
        '(32 bytes as 64 hex digits or as base64: openssl rand -base64 32)',
    );
  }
  return keyFile(path.join(source.dataDir, SECRETS_KEY_FILE));
}

function keyFile(file: string): Buffer {
  try {
    return readKeyFile(file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
  }
  mkdirSync(path.dirname(file), { recursive: true });
  const key = randomBytes(32);
  let fd: number;
  try {
    fd = openSync(file, 'wx', 0o600);
  } catch (error) {
    // Another process made it first: use that one.
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return readKeyFile(file);
    throw error;
  }
  try {
    writeSync(fd, `${key.toString('base64')}\n`);
  } finally {
    closeSync(fd);
  }
  return key;
}

function readKeyFile(file: string): Buffer {
  const text = readFileSync(file, 'utf8').trim();
  if (process.platform !== 'win32' && (statSync(file).mode & 0o077) !== 0) {
    throw new SecretsKeyError(`${file} may be read by other users: chmod 600 it`);
  }
  const key = Buffer.from(text, 'base64');
  if (key.length !== 32 || key.toString('base64') !== text) {
    throw new SecretsKeyError(`${file} does not hold a 32-byte key in base64`);
  }
  return key;
}

export function keyId(key: Buffer): string {
  return createHash('sha256').update('fapiao-hub secrets key id\n').update(key).digest('hex').slice(0, 8);
}

/** What a value is bound to: it decrypts only for the same channel and field. */
export function secretContext(channelCode: string, field: string): string {
  return `channels/${channelCode}/${field}`;
}

export function encryptSecret(key: Buffer, plaintext: string, context: string): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  return ['v1', keyId(key), iv.toString('base64url'), cipher.getAuthTag().toString('base64url'), ciphertext.toString('base64url')].join(
    ':',
  );
}

export function decryptSecret(key: Buffer, envelope: string, context: string): string {
  const [version, id, iv, tag, ciphertext, ...rest] = envelope.split(':');
  if (version !== 'v1' || !id || !iv || !tag || ciphertext === undefined || rest.length > 0) {
    throw new SecretsKeyError(`the stored secret of ${context} is not an encrypted value`);
  }
  if (id !== keyId(key)) {
    throw new SecretsKeyError(
      `the stored secret of ${context} was encrypted with another key (key id ${id}, this key ${keyId(key)}): ` +
        'was SECRETS_KEY changed? Set the old key, or set the channel secrets again',
    );
  }
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'), { authTagLength: 16 });
    decipher.setAAD(Buffer.from(context, 'utf8'));
    decipher.setAuthTag(Buffer.from(tag, 'base64url'));
    return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]).toString('utf8');
  } catch {
    throw new SecretsKeyError(`the stored secret of ${context} does not decrypt: it was altered or copied from elsewhere`);
  }
}
