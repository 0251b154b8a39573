import { terminalsApi, type ResponseOf, type TTerminal, type TTerminalInput, type TTerminalStatement } from '@canbao/domain';
import { call } from '../../api/client';

/** A terminal as registered or re-keyed: with its signing key, which the API answers only this once. */
export type TTerminalWithKey = ResponseOf<typeof terminalsApi.create>;

export async function findTerminals(signal?: AbortSignal): Promise<TTerminal[]> {
  return (await call(terminalsApi.list, {}, { signal })).items;
}

export const createTerminal = (input: TTerminalInput): Promise<TTerminalWithKey> => call(terminalsApi.create, { body: input });

export const updateTerminal = (terminalId: string, disabled: boolean) => call(terminalsApi.patch, { params: { terminalId }, body: { disabled } });

export const rotateTerminalKey = (terminalId: string): Promise<TTerminalWithKey> => call(terminalsApi.rotateKey, { params: { terminalId } });

export async function findTerminalStatements(terminalId: string, signal?: AbortSignal): Promise<TTerminalStatement[]> {
  return (await call(terminalsApi.statements, { params: { terminalId } }, { signal })).items;
}
