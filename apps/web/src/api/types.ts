/** Shapes of the web's own that the contract in @canbao/domain does not declare; API answers come from there. */

export interface PageParams {
  page: number;
  pageSize: number;
}
