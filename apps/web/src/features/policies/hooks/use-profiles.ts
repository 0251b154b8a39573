import { ZPolicyProfile, type TPolicyProfile, type TProfileUpdateInput } from '@canbao/domain';
import { useMemo } from 'react';
import { useCampaignYears } from '../../declarations/hooks/use-declarations';
import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { queryKeys } from '../../../api/query-keys';
import { applyRecompute, findProfiles, getProfile, previewRecompute, quoteFee, updateProfile } from '../api';

/** Every profile (current versions). Few and rarely changed: kept for a few minutes. */
export function useProfiles() {
  return useQuery({
    queryKey: queryKeys.profiles.list,
    queryFn: ({ signal }) => findProfiles(signal),
    staleTime: 5 * 60_000,
  });
}

export function useProfile(id: string | null | undefined) {
  return useQuery({
    queryKey: queryKeys.profiles.detail(id ?? ''),
    queryFn: ({ signal }) => getProfile(id ?? '', signal),
    enabled: Boolean(id),
    staleTime: 60_000,
  });
}

export function useUpdateProfile() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ id, input }: { id: string; input: TProfileUpdateInput }) => updateProfile(id, input),
    onSuccess: () => queryClient.invalidateQueries({ queryKey: queryKeys.profiles.all }),
  });
}

/** The public fee quote: a POST, so a mutation; the page keeps the last answer on screen. */
export function useFeeQuote() {
  return useMutation({ mutationFn: quoteFee });
}

/** The recompute preview, asked for only when the dialog opens; always fresh (declarations move all day). */
export function useRecomputePreview(id: string, enabled: boolean) {
  return useQuery({
    queryKey: queryKeys.profiles.recompute(id),
    queryFn: ({ signal }) => previewRecompute(id, signal),
    enabled,
    staleTime: 0,
    gcTime: 0,
  });
}

export function useApplyRecompute(id: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (version: number) => applyRecompute(id, version),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: queryKeys.profiles.recompute(id) }),
        queryClient.invalidateQueries({ queryKey: queryKeys.declarations.all }),
      ]),
  });
}

/**
 * The region's own newest profile (its newest insurance year): where the pages read the city-specific rules —
 * unit naming, hukou special cases — so that no other city's rule is ever offered. Undefined while loading.
 */
export function useRegionProfile(): TPolicyProfile | undefined {
  const years = useCampaignYears();
  const newest = years.data?.items.reduce<{ year: number; profileKey: string } | undefined>((a, b) => (!a || b.year > a.year ? b : a), undefined);
  const profile = useProfile(newest?.profileKey);
  const body = profile.data?.profile;
  return useMemo(() => {
    const parsed = ZPolicyProfile.safeParse(body);
    return parsed.success ? parsed.data : undefined;
  }, [body]);
}
