/** @mca/integrations: what other packages may import (see README.md). */
export * from './mail/mailer';
export * from './docusign';
export * from './partner-center';
