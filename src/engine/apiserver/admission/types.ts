// The admission plugin interface (k8s.io/apiserver pkg/admission/interfaces.go), reduced to what
// the simulated apiserver needs: plugins see plain JSON objects and answer with a Status to reject.
import type { KubeObject, ObjectReader, Status, UserInfo } from '../../api/types';

export type Operation = 'CREATE' | 'UPDATE' | 'DELETE' | 'CONNECT';

/** What is being admitted (admission.Attributes). */
export interface AdmissionAttributes {
  operation: Operation;
  /** API group, '' for core */
  group: string;
  /** plural resource, e.g. 'pods' */
  resource: string;
  /** '' for the main resource, e.g. 'status', 'binding', 'eviction' */
  subresource: string;
  /** '' for cluster-scoped objects */
  namespace: string;
  /** '' on CREATE when the name is still to be generated */
  name: string;
  /** the incoming object; mutating plugins change it in place */
  object?: KubeObject;
  /** the stored object, on UPDATE and DELETE */
  oldObject?: KubeObject;
  user: UserInfo;
  dryRun: boolean;
}

/** What plugins may consult. */
export interface AdmissionContext {
  /** the apiserver's cache */
  reader: ObjectReader;
  /** virtual time, ms */
  now(): number;
  /** the seeded random source, a float in [0, 1) (name suffixes) */
  random(): number;
}

/** A rejection; undefined admits. */
export type AdmissionResult = Status | undefined;

/** A plugin of the mutating phase (admission.MutationInterface). */
export interface MutatingPlugin {
  readonly name: string;
  handles(operation: Operation, resource: string): boolean;
  admit(attrs: AdmissionAttributes, ctx: AdmissionContext): AdmissionResult;
}

/** A plugin of the validating phase (admission.ValidationInterface). */
export interface ValidatingPlugin {
  readonly name: string;
  handles(operation: Operation, resource: string): boolean;
  validate(attrs: AdmissionAttributes, ctx: AdmissionContext): AdmissionResult;
}
