export { acquireFileLock, type FileLockOptions } from './file-lock.js';
export { createFileTokenStore, type FileTokenStoreOptions } from './file-token-store.js';
export { ensurePrivateDirectory, readPrivateFile, writePrivateFile } from './private-files.js';
