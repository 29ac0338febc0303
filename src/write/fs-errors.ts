/**
 * File-system errors are the user's (a folder without write permission, a file where a folder
 * should be, a full or read-only disk), not hookwright's bugs: each becomes a HookwrightError
 * that names the path and says what the code means.
 */
import { HookwrightError } from '../pipeline/errors';

/** A file-system error on a path of the project: the user's to fix, said with the path. */
export function fileSystemError(error: unknown, file: string, doing: string): unknown {
  if (error instanceof HookwrightError) return error;
  const code = (error as NodeJS.ErrnoException | undefined)?.code;
  if (typeof code !== 'string') return error;
  return new HookwrightError(`cannot ${doing} ${file}: ${describeErrno(code, error as Error)}`, {
    problems: [{ message: code, where: { file } }],
    hint: hintForErrno(code),
    cause: error,
  });
}

/**
 * Codes that always mean the user's environment (permissions, the disk, a file in the way), not
 * hookwright: any such error that reaches the top of a run is reported as the user's, with its
 * path. ENOENT and EEXIST are left out: hookwright checks for those itself, so one that escapes
 * may well be a bug.
 */
const ENVIRONMENT = new Set([
  'EACCES',
  'EPERM',
  'ENOTDIR',
  'EISDIR',
  'EROFS',
  'ENOSPC',
  'EDQUOT',
  'ENAMETOOLONG',
  'EMFILE',
  'ENFILE',
  'EBUSY',
  'ELOOP',
  'EIO',
  'EXDEV',
  'ETXTBSY',
]);

/**
 * `error` as the user's HookwrightError when it is a file-system error of the environment with
 * a path (Node's `code`, `syscall` and `path`); otherwise `error` itself.
 */
export function asUserError(error: unknown): unknown {
  if (error instanceof HookwrightError || !(error instanceof Error)) return error;
  const { code, syscall, path: file } = error as NodeJS.ErrnoException;
  if (typeof code !== 'string' || !ENVIRONMENT.has(code) || typeof file !== 'string') return error;
  const doing = SYSCALL_VERB[syscall ?? ''] ?? 'use';
  return fileSystemError(error, file, doing);
}

const SYSCALL_VERB: Record<string, string> = {
  open: 'open',
  read: 'read',
  write: 'write',
  scandir: 'list',
  stat: 'look at',
  lstat: 'look at',
  mkdir: 'create',
  rename: 'rename',
  unlink: 'remove',
  rmdir: 'remove',
  rm: 'remove',
  link: 'create',
  copyfile: 'copy',
  realpath: 'look at',
};

const ERRNO: Record<string, string> = {
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  ENOTDIR: 'a part of the path is a file, not a folder',
  EISDIR: 'it is a folder',
  EROFS: 'the file system is read-only',
  ENOSPC: 'no space left on the device',
  EDQUOT: 'disk quota exceeded',
  ENAMETOOLONG: 'the path is too long',
  EEXIST: 'it already exists',
  ENOENT: 'no such file or folder',
  EMFILE: 'too many open files',
  EBUSY: 'it is busy',
  ELOOP: 'too many symlinks in the path',
  EIO: 'input/output error',
  EXDEV: 'it is on another device',
  ENFILE: 'too many open files in the system',
  ETXTBSY: 'the file is in use',
};

function describeErrno(code: string, error: Error): string {
  return ERRNO[code] ?? `${code} (${error.message})`;
}

function hintForErrno(code: string): string | undefined {
  switch (code) {
    case 'EACCES':
    case 'EPERM':
      return 'Check the permissions of that path (and of the folders above it), or choose another --output.';
    case 'ENOTDIR':
      return 'A file stands where hookwright needs a folder; move it away or choose another --output.';
    case 'EROFS':
      return 'Choose an --output on a writable file system.';
    case 'ENOSPC':
    case 'EDQUOT':
      return 'Free some space and run again; nothing was changed.';
    case 'ENAMETOOLONG':
      return 'Choose a shorter --output path, or shorten the names in the document.';
    default:
      return undefined;
  }
}
