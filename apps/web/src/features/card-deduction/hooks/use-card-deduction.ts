import type { TDeductionAgreementInput } from '@canbao/domain';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { findCardDeductionBanks, getDeductionAgreement, revokeDeductionAgreement, signDeductionAgreement } from '../api';

export function useDeductionAgreement(personId: string, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.persons.deductionAgreement(personId), queryFn: ({ signal }) => getDeductionAgreement(personId, signal), enabled });
}

/** Signing and revoking answer with the agreement; the person's timeline shows the audit row, so it is refreshed too. */
export function useDeductionAgreementMutations(personId: string) {
  const queryClient = useQueryClient();
  const settle = async () => {
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: queryKeys.persons.deductionAgreement(personId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.persons.timeline(personId) }),
      queryClient.invalidateQueries({ queryKey: queryKeys.cardDeductionBanks.all }),
    ]);
  };
  return {
    sign: useMutation({
      mutationFn: (input: TDeductionAgreementInput) => signDeductionAgreement(personId, input),
      onSuccess: async (agreement) => {
        queryClient.setQueryData(queryKeys.persons.deductionAgreement(personId), agreement);
        await settle();
      },
    }),
    revoke: useMutation({ mutationFn: () => revokeDeductionAgreement(personId), onSuccess: settle }),
  };
}

export function useCardDeductionBanks(year: number, enabled: boolean) {
  return useQuery({ queryKey: queryKeys.cardDeductionBanks.year(year), queryFn: ({ signal }) => findCardDeductionBanks(year, signal), enabled: enabled && year > 0 });
}
