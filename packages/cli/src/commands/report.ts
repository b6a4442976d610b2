// `tally report`: placeholder until the HTML report lands.
import { failure } from '../errors.js';
import type { CliIo } from '../io.js';
import type { CommonOptions } from './with-source.js';

export interface ReportCommandOptions extends CommonOptions {
  readonly org: string;
  readonly from: string;
  readonly to: string;
  readonly asKnownAt?: string | undefined;
  readonly out?: string | undefined;
}

export async function reportCommand(_options: ReportCommandOptions, _io: CliIo): Promise<void> {
  throw failure('tally report: not available in this build (the HTML report is not wired yet)');
}
