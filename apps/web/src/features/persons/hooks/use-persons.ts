import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import type { TPersonDetail, TRealDocumentInput, TStopPersonInput, TTransferPersonInput } from '@canbao/domain';
import { queryKeys } from '../../../api/query-keys';
import {
  addExemption,
  deletePhoto,
  findClasses,
  findExemptionCategories,
  findPersons,
  getPerson,
  getTimeline,
  registerPerson,
  removeExemption,
  revealPerson,
  setRealDocument,
  stopPerson,
  transferPerson,
  updatePerson,
  uploadPhoto,
  type ExemptionInput,
  type PersonFieldsInput,
  type PersonListParams,
} from '../api';

export function usePersons(params: PersonListParams) {
  return useQuery({
    queryKey: queryKeys.persons.list(params),
    queryFn: ({ signal }) => findPersons(params, signal),
    placeholderData: keepPreviousData,
  });
}

export function usePerson(id: string) {
  return useQuery({ queryKey: queryKeys.persons.detail(id), queryFn: ({ signal }) => getPerson(id, signal) });
}

export function usePersonTimeline(id: string) {
  return useQuery({ queryKey: queryKeys.persons.timeline(id), queryFn: ({ signal }) => getTimeline(id, signal) });
}

export function useExemptionCategories(regionCode: string | undefined) {
  return useQuery({
    queryKey: queryKeys.persons.exemptionCategories(regionCode ?? ''),
    queryFn: ({ signal }) => findExemptionCategories(regionCode ?? '', signal),
    enabled: Boolean(regionCode),
    staleTime: 10 * 60_000,
  });
}

export function useRegisterPerson() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: registerPerson,
    onSuccess: ({ person }) => {
      queryClient.setQueryData(queryKeys.persons.detail(person.id), person);
      return queryClient.invalidateQueries({ queryKey: queryKeys.persons.all });
    },
  });
}

/**
 * Every change of one person: each answer with the person replaces the cached detail, and lists and the
 * timeline are refreshed (a stop or a transfer moves the person between lists).
 */
export function usePersonMutations(id: string) {
  const queryClient = useQueryClient();
  const settle = async (person?: TPersonDetail) => {
    if (person) queryClient.setQueryData(queryKeys.persons.detail(id), person);
    await queryClient.invalidateQueries({ queryKey: queryKeys.persons.all, refetchType: 'active' });
  };
  return {
    update: useMutation({ mutationFn: (input: Partial<PersonFieldsInput>) => updatePerson(id, input), onSuccess: settle }),
    // The revealed numbers are shown once and never cached: a reload masks them again.
    reveal: useMutation({ mutationFn: (reason: string) => revealPerson(id, reason) }),
    stop: useMutation({ mutationFn: (input: TStopPersonInput) => stopPerson(id, input), onSuccess: () => settle() }),
    transfer: useMutation({ mutationFn: (input: TTransferPersonInput) => transferPerson(id, input), onSuccess: settle }),
    setDocument: useMutation({
      mutationFn: (input: TRealDocumentInput) => setRealDocument(id, input),
      onSuccess: settle,
    }),
    addExemption: useMutation({ mutationFn: (input: ExemptionInput) => addExemption(id, input), onSuccess: settle }),
    removeExemption: useMutation({ mutationFn: (exemptionId: string) => removeExemption(id, exemptionId), onSuccess: () => settle() }),
    uploadPhoto: useMutation({ mutationFn: (file: File) => uploadPhoto(id, file), onSuccess: () => settle() }),
    deletePhoto: useMutation({ mutationFn: () => deletePhoto(id), onSuccess: () => settle() }),
  };
}

/** The classes to pick from in 整班申报; for the agency only once a unit is chosen. */
export function usePersonClasses(unitId: string | undefined, gradeCode: string | undefined, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.persons.classes(unitId ?? '', gradeCode ?? ''),
    queryFn: ({ signal }) => findClasses({ ...(unitId ? { unitId } : {}), ...(gradeCode ? { gradeCode } : {}) }, signal),
    enabled,
    staleTime: 60_000,
  });
}
