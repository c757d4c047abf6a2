// Shapes of the sample apps and where they are deployed.

export interface AppEndpoint {
  label: string;
  service: string;
  port: number;
  /** Where to open it from the host; null until the cluster assigned a node port. */
  url: string | null;
}

export interface AppDeployment {
  namespace: string;
  readyPods: number;
  totalPods: number;
  meshedPods: number;
  /** The mesh data plane the pods are in ("Istio (istio-proxy)"), or null. */
  proxy: string | null;
  endpoints: AppEndpoint[];
}

export interface SampleApp {
  id: string;
  name: string;
  description: string;
  images: string[];
  entrypoints: { service: string; port: number; label: string; path: string }[];
  deployments: AppDeployment[];
}

export interface AppsResponse {
  apps: SampleApp[];
  clusterProblem: string | null;
}
