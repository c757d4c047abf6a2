namespace Meshdock.Server.Kubernetes.Workloads;

/// <summary>The workload kinds Meshdock waits on and reports the health of.</summary>
public enum WorkloadKind { Deployment, DaemonSet, StatefulSet }
