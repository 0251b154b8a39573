/** Shapes of the web's own that the contract in @canbao/domain does not declare; API answers come from there. */

export interface Paged<T> {
  items: T[];
  total: number;
  page: number;
  pageSize: number;
}

export interface PageParams {
  page: number;
  pageSize: number;
}
