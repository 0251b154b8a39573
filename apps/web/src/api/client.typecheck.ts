/**
 * Compile-time tests of the typed client, checked by `npm run typecheck` (not run): each `@ts-expect-error` fails
 * the typecheck if the line it guards ever compiles, i.e. if the contract stopped typing what the web sends or gets.
 */
import { unitsApi, type TUnit } from '@canbao/domain';
import { call, urlOf } from './client';

export function contractTyping(unit: TUnit): void {
  // @ts-expect-error a field the contract does not declare does not exist on the answer
  void unit.nonexistent;
  // @ts-expect-error a path with :id needs its params
  void call(unitsApi.get);
  // @ts-expect-error the body is typed by the contract's schema
  void call(unitsApi.create, { body: { name: 1 } });
  // @ts-expect-error the query is typed too: no such filter
  void call(unitsApi.list, { query: { colour: 'red' } });
  // @ts-expect-error an endpoint without a body takes none
  void urlOf(unitsApi.get, { params: { id: unit.id }, body: {} });
  // The answer is the contract's type, not a cast: this compiles only because `unit` is one.
  void call(unitsApi.get, { params: { id: unit.id } }).then((answer): TUnit => answer.unit);
}
