import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { createTerminal, findTerminalStatements, findTerminals, rotateTerminalKey, updateTerminal } from '../api';

export function useTerminals() {
  return useQuery({
    queryKey: queryKeys.terminals.list,
    queryFn: ({ signal }) => findTerminals(signal),
  });
}

/** The daily statements of one terminal (the last 90 days); nothing is fetched while no terminal is chosen. */
export function useTerminalStatements(terminalId: string | null) {
  return useQuery({
    queryKey: queryKeys.terminals.statements(terminalId ?? ''),
    queryFn: ({ signal }) => findTerminalStatements(terminalId!, signal),
    enabled: terminalId !== null,
  });
}

/** Register, disable or enable, and re-key; each refreshes the list. */
export function useTerminalMutations() {
  const queryClient = useQueryClient();
  const refresh = () => queryClient.invalidateQueries({ queryKey: queryKeys.terminals.all });
  return {
    create: useMutation({ mutationFn: createTerminal, onSuccess: refresh }),
    setDisabled: useMutation({
      mutationFn: ({ terminalId, disabled }: { terminalId: string; disabled: boolean }) => updateTerminal(terminalId, disabled),
      onSuccess: refresh,
    }),
    rotateKey: useMutation({ mutationFn: rotateTerminalKey, onSuccess: refresh }),
  };
}
