/** @mca/platform: what other packages may import (see README.md). */
export * from './errors';
export * from './failpoint';
export * from './observability';
export * from './crypto/secrets';
export * from './crypto/secret-box';
export * from './crypto/key-file';
export * from './net';
export * from './retry-later-error';
export * from './rate-limited-error';
export * from './group-commit';
