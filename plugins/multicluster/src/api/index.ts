export { multiclusterApiRef } from './MulticlusterApi';
export type { MulticlusterApi } from './MulticlusterApi';
export { MulticlusterClient } from './MulticlusterClient';
