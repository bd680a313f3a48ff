import { TableProps } from '@backstage/core-components';

/** The compact, unpaged table style every card of the tab uses. */
export const denseTableOptions: TableProps<{}>['options'] = {
  paging: false,
  search: false,
  toolbar: false,
  padding: 'dense',
};
