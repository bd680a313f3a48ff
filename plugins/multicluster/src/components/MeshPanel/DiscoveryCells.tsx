import {
  IstiodStatus,
  MeshClusterStatus,
  MeshInjectionStatus,
  MeshMtlsStatus,
} from '@multiregion/backstage-plugin-multicluster-common';
import Typography from '@material-ui/core/Typography';
import { ReactNode } from 'react';
import { StatusText } from '../HealthStatus';
import { endpointTotals } from './format';

/** A second, smaller line under a cell's main text. */
export const Detail = ({ children }: { children: ReactNode }) => (
  <Typography variant="caption" component="div">
    {children}
  </Typography>
);

/** Whether this cluster's istiod has synced every mesh member. */
export const IstiodCell = ({ istiod }: { istiod: IstiodStatus }) => {
  if (!istiod.present) {
    return <StatusText status="error">no istiod</StatusText>;
  }
  const complete = istiod.synced >= istiod.expected;
  return (
    <>
      <StatusText status={complete ? 'ok' : 'warning'}>
        {`sees ${istiod.synced}/${istiod.expected} clusters`}
      </StatusText>
      {istiod.missing.length > 0 && (
        <Detail>missing: {istiod.missing.join(', ')}</Detail>
      )}
    </>
  );
};

/**
 * How many endpoints of the service this cluster's istiod routes to, and
 * where they live: a remote cluster absent here gets no failover traffic.
 */
export const EndpointsCell = ({ status }: { status: MeshClusterStatus }) => {
  const { total, healthy, bySource } = endpointTotals(status.endpoints);
  return (
    <>
      <Typography variant="body2">
        {`endpoints seen from ${status.cluster}: ${total}`}
      </Typography>
      {bySource.length > 0 && (
        <Detail>
          {bySource.map(s => `${s.cluster} ${s.total}`).join(' · ')}
          {healthy < total ? ` · ${total - healthy} not healthy` : ''}
        </Detail>
      )}
    </>
  );
};

/** Sidecars in the entity's pods here, and namespaces without injection. */
export const InjectionCell = ({
  injection,
}: {
  injection: MeshInjectionStatus;
}) => {
  const { total, injected } = injection.pods;
  const off = injection.namespaces.filter(n => !n.enabled).map(n => n.name);
  return (
    <>
      {total === 0 ? (
        <Typography variant="body2">no pods here</Typography>
      ) : (
        <StatusText status={injected >= total ? 'ok' : 'warning'}>
          {`sidecars ${injected}/${total}`}
        </StatusText>
      )}
      {off.length > 0 && <Detail>injection off in {off.join(', ')}</Detail>}
    </>
  );
};

/** The mTLS mode in effect and the PeerAuthentication that sets it. */
export const MtlsCell = ({ mtls }: { mtls: MeshMtlsStatus }) => (
  <>
    {/* No PeerAuthentication anywhere: Istio's default applies. */}
    <Typography variant="body2">
      {mtls.mode === 'UNSET' ? 'PERMISSIVE' : mtls.mode}
    </Typography>
    <Detail>{mtls.source ?? 'Istio default'}</Detail>
  </>
);
