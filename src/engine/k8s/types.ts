// The subset of the Kubernetes core/v1 API that the engine reads, as plain JSON shapes.
// Manifests arrive as untyped JSON; intake checks the shape before these types are trusted,
// so every field is optional here exactly as it is in the API.

export type ResourceList = Record<string, string | number>;

export interface ResourceRequirements {
  requests?: ResourceList;
  limits?: ResourceList;
}

export interface ExecAction {
  command?: string[];
}

export interface HTTPGetAction {
  path?: string;
  port?: number | string;
  host?: string;
  scheme?: string;
}

export interface TCPSocketAction {
  port?: number | string;
  host?: string;
}

export interface SleepAction {
  seconds?: number;
}

export interface LifecycleHandler {
  exec?: ExecAction;
  httpGet?: HTTPGetAction;
  tcpSocket?: TCPSocketAction;
  sleep?: SleepAction;
}

export interface Lifecycle {
  postStart?: LifecycleHandler;
  preStop?: LifecycleHandler;
  stopSignal?: string;
}

export interface Probe extends LifecycleHandler {
  grpc?: { port?: number; service?: string };
  initialDelaySeconds?: number;
  timeoutSeconds?: number;
  periodSeconds?: number;
  successThreshold?: number;
  failureThreshold?: number;
  terminationGracePeriodSeconds?: number;
}

export interface ContainerPort {
  name?: string;
  containerPort?: number;
  hostPort?: number;
  protocol?: string;
  hostIP?: string;
}

export interface VolumeMount {
  name?: string;
  mountPath?: string;
  readOnly?: boolean;
  subPath?: string;
}

export interface EnvVar {
  name?: string;
  value?: string;
  valueFrom?: unknown;
}

export interface ContainerRestartRule {
  action?: string;
  exitCodes?: { operator?: string; values?: number[] };
}

export interface Container {
  name?: string;
  image?: string;
  command?: string[];
  args?: string[];
  workingDir?: string;
  ports?: ContainerPort[];
  env?: EnvVar[];
  envFrom?: unknown[];
  resources?: ResourceRequirements;
  resizePolicy?: unknown[];
  restartPolicy?: string;
  restartPolicyRules?: ContainerRestartRule[];
  volumeMounts?: VolumeMount[];
  livenessProbe?: Probe;
  readinessProbe?: Probe;
  startupProbe?: Probe;
  lifecycle?: Lifecycle;
  terminationMessagePath?: string;
  terminationMessagePolicy?: string;
  imagePullPolicy?: string;
  securityContext?: Record<string, unknown>;
  stdin?: boolean;
  tty?: boolean;
}

export interface Volume {
  name?: string;
  emptyDir?: { medium?: string; sizeLimit?: string };
  [source: string]: unknown;
}

export interface PodSpec {
  initContainers?: Container[];
  containers?: Container[];
  ephemeralContainers?: Container[];
  restartPolicy?: string;
  terminationGracePeriodSeconds?: number;
  activeDeadlineSeconds?: number;
  hostNetwork?: boolean;
  shareProcessNamespace?: boolean;
  volumes?: Volume[];
  overhead?: ResourceList;
  resources?: ResourceRequirements;
  readinessGates?: { conditionType?: string }[];
  nodeSelector?: Record<string, string>;
  serviceAccountName?: string;
  [field: string]: unknown;
}

export interface ObjectMeta {
  name?: string;
  generateName?: string;
  namespace?: string;
  labels?: Record<string, string>;
  annotations?: Record<string, string>;
  deletionGracePeriodSeconds?: number;
  [field: string]: unknown;
}

export interface ContainerStateRunning {
  startedAt?: string;
}
export interface ContainerStateTerminated {
  exitCode?: number;
  reason?: string;
  startedAt?: string;
  finishedAt?: string;
}
export interface ContainerStateWaiting {
  reason?: string;
  message?: string;
}
export interface ContainerState {
  running?: ContainerStateRunning;
  terminated?: ContainerStateTerminated;
  waiting?: ContainerStateWaiting;
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean;
  restartCount?: number;
  state?: ContainerState;
  lastState?: ContainerState;
  image?: string;
}

export interface PodStatus {
  phase?: string;
  qosClass?: string;
  conditions?: { type?: string; status?: string; reason?: string; message?: string }[];
  initContainerStatuses?: ContainerStatus[];
  containerStatuses?: ContainerStatus[];
  [field: string]: unknown;
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: PodSpec;
  status?: PodStatus;
}

/** `restartPolicy: Always` on an init container makes it a native sidecar (KEP-753). */
export const isSidecar = (c: Container): boolean => c.restartPolicy === 'Always';
