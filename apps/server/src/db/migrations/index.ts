import type { Migration } from 'kysely';
import * as m20261123T0300 from './20261123T0300-foundation';
import * as m20261123T0400 from './20261123T0400-policy-profiles';
import * as m20261123T0500 from './20261123T0500-registry';
import * as m20261123T0600 from './20261123T0600-person-photos';
import * as m20261126T0700 from './20261126T0700-imports';
import * as m20261126T0800 from './20261126T0800-leaving-marks';
import * as m20261126T0900 from './20261126T0900-holder-policies';
import * as m20261126T1000 from './20261126T1000-import-files';
import * as m20261126T1100 from './20261126T1100-money-flow';
import * as m20261126T1200 from './20261126T1200-import-speed';
import * as m20261127T0900 from './20261127T0900-receipt-queue';
import * as m20261127T1000 from './20261127T1000-hot-payment-updates';
import * as m20261201T2200 from './20261201T2200-ledger';
import * as m20261201T2210 from './20261201T2210-lookup-throttle';
import * as m20261202T0010 from './20261202T0010-definer-search-path';
import * as m20261202T1200 from './20261202T1200-stopped-sight';
import * as m20261202T1900 from './20261202T1900-change-reason';
import * as m20261202T2000 from './20261202T2000-chase';
import * as m20261203T0100 from './20261203T0100-reminders-daily-reports';
import * as m20261203T0200 from './20261203T0200-chase-speed';
import * as m20261203T0300 from './20261203T0300-audit-samples';
import * as m20261203T0400 from './20261203T0400-close-lists';
import * as m20261203T0500 from './20261203T0500-cards';
import * as m20261203T0600 from './20261203T0600-handbooks';
import * as m20261203T0700 from './20261203T0700-inflow';
import * as m20261203T0800 from './20261203T0800-households';
import * as m20261203T0900 from './20261203T0900-employee-insured';
import * as m20261203T1000 from './20261203T1000-family-orders';
import * as m20261203T1100 from './20261203T1100-channel-terminals';
import * as m20261203T1200 from './20261203T1200-terminal-statements';
import * as m20261203T1300 from './20261203T1300-deduction-agreements';
import * as m20261203T1400 from './20261203T1400-distributable-keys';
import * as m20261204T0900 from './20261204T0900-name-grams';
import * as m20261204T1000 from './20261204T1000-held-records';
import * as m20261204T1100 from './20261204T1100-region-calls';
import * as m20261206T0900 from './20261206T0900-payment-import-job';
import * as m20261207T0900 from './20261207T0900-audit-log-uuid';

/**
 * Every migration, in order. Listed by hand so a bundled build needs no file-system scan; once landed, a
 * migration is never edited — a change is a new file.
 */
export const migrations: Record<string, Migration> = {
  '20261123T0300-foundation': m20261123T0300,
  '20261123T0400-policy-profiles': m20261123T0400,
  '20261123T0500-registry': m20261123T0500,
  '20261123T0600-person-photos': m20261123T0600,
  '20261126T0700-imports': m20261126T0700,
  '20261126T0800-leaving-marks': m20261126T0800,
  '20261126T0900-holder-policies': m20261126T0900,
  '20261126T1000-import-files': m20261126T1000,
  '20261126T1100-money-flow': m20261126T1100,
  '20261126T1200-import-speed': m20261126T1200,
  '20261127T0900-receipt-queue': m20261127T0900,
  '20261127T1000-hot-payment-updates': m20261127T1000,
  '20261201T2200-ledger': m20261201T2200,
  '20261201T2210-lookup-throttle': m20261201T2210,
  '20261202T0010-definer-search-path': m20261202T0010,
  '20261202T1200-stopped-sight': m20261202T1200,
  '20261202T1900-change-reason': m20261202T1900,
  '20261202T2000-chase': m20261202T2000,
  '20261203T0100-reminders-daily-reports': m20261203T0100,
  '20261203T0200-chase-speed': m20261203T0200,
  '20261203T0300-audit-samples': m20261203T0300,
  '20261203T0400-close-lists': m20261203T0400,
  '20261203T0500-cards': m20261203T0500,
  '20261203T0600-handbooks': m20261203T0600,
  '20261203T0700-inflow': m20261203T0700,
  '20261203T0800-households': m20261203T0800,
  '20261203T0900-employee-insured': m20261203T0900,
  '20261203T1000-family-orders': m20261203T1000,
  '20261203T1100-channel-terminals': m20261203T1100,
  '20261203T1200-terminal-statements': m20261203T1200,
  '20261203T1300-deduction-agreements': m20261203T1300,
  '20261203T1400-distributable-keys': m20261203T1400,
  '20261204T0900-name-grams': m20261204T0900,
  '20261204T1000-held-records': m20261204T1000,
  '20261204T1100-region-calls': m20261204T1100,
  '20261206T0900-payment-import-job': m20261206T0900,
  '20261207T0900-audit-log-uuid': m20261207T0900,
};
