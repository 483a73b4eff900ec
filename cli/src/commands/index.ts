import type { Command } from '../command';
import { customerShow } from './customer-show';
import { importCommand } from './import-customers';
import { jobsFailed } from './jobs-failed';
import { jobsReplay } from './jobs-replay';
import { partnerCreate } from './partner-create';
import { partnerRotateKey } from './partner-rotate-key';

/**
 * Every command `mca` knows, in the order `mca --help` lists them. A command is one file
 * calling the service's own use cases; adding one is adding it here.
 *
 * Extension point: `campaign start|watch|pause|resume|cancel` go here once the campaigns use
 * cases (services/api/src/use-cases) are merged, each a Command with path ['campaign', verb];
 * `watch` draws its counts with ProgressLine (../progress-bar.ts).
 */
export const COMMANDS: Command[] = [partnerCreate, partnerRotateKey, customerShow, importCommand, jobsFailed, jobsReplay];
