import { it } from 'vitest';
import { LEDGER_PROPERTY_RUNS, runLedgerProperty } from '../../test/ledger-property';

// One of four files, each with its own seed and database, so the 2,000 sequences spread over the cores.
it('holds the ledger’s invariants over random sequences of money events (seed 1)', () => runLedgerProperty({ seed: 10001, runs: LEDGER_PROPERTY_RUNS }), 1_800_000);
