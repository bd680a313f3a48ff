import {
  ApiBlueprint,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/frontend-plugin-api';
import { multiclusterApiRef, MulticlusterClient } from '../api';

export const multiclusterApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: multiclusterApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => new MulticlusterClient(deps),
    }),
});
