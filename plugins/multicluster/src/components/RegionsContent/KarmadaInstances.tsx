import {
  InfoCard,
  Progress,
  ResponseErrorPanel,
  StatusError,
  StatusOK,
  Table,
  TableColumn,
} from '@backstage/core-components';
import {
  KarmadaInstanceHealth,
  MulticlusterHealthResponse,
} from '@multiregion/backstage-plugin-multicluster-common';
import { denseTableOptions } from '../tableOptions';

const columns: TableColumn<KarmadaInstanceHealth>[] = [
  { title: 'Karmada instance', field: 'name' },
  { title: 'API server', field: 'url' },
  {
    title: 'Status',
    field: 'ready',
    render: instance =>
      instance.ready ? (
        <StatusOK>Ready</StatusOK>
      ) : (
        <StatusError>Not ready</StatusError>
      ),
  },
  {
    title: 'Details',
    field: 'message',
    render: instance =>
      instance.ready
        ? `answered in ${instance.latencyMs} ms`
        : instance.message,
  },
];

/** Which Karmada control planes the portal reaches. */
export const KarmadaInstances = ({
  value,
  loading,
  error,
}: {
  value?: MulticlusterHealthResponse;
  loading: boolean;
  error?: Error;
}) => {
  if (loading) return <Progress />;
  if (error) return <ResponseErrorPanel error={error} />;
  return (
    <InfoCard title="Karmada control planes" noPadding>
      <Table<KarmadaInstanceHealth>
        options={denseTableOptions}
        columns={columns}
        data={value?.instances ?? []}
      />
    </InfoCard>
  );
};
