import type { Command } from '../command';
import { campaignCancel, campaignPause, campaignResume } from './campaign-actions';
import { campaignList, campaignShow } from './campaign-list';
import { campaignStart } from './campaign-start';
import { campaignWatch } from './campaign-watch';
import { customerErase } from './customer-erase';
import { customerShow } from './customer-show';
import { importCommand } from './import-customers';
import { jobsFailed } from './jobs-failed';
import { jobsReplay } from './jobs-replay';
import { keysRotate } from './keys-rotate';
import { partnerCreate } from './partner-create';
import { partnerRotateKey } from './partner-rotate-key';

/**
 * Every command `mca` knows, in the order `mca --help` lists them. A command is one file
 * calling the service's own use cases; adding one is adding it here.
 */
export const COMMANDS: Command[] = [
  partnerCreate,
  partnerRotateKey,
  customerShow,
  customerErase,
  importCommand,
  campaignStart,
  campaignWatch,
  campaignList,
  campaignShow,
  campaignPause,
  campaignResume,
  campaignCancel,
  jobsFailed,
  jobsReplay,
  keysRotate,
];
