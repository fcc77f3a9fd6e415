// describe.go describeVolumes: one block per pod volume, by source type, as kubectl prints them.
import type { Volume } from 'kubernetes-types/core/v1';
import { LEVEL_0, LEVEL_1, LEVEL_2, LEVEL_3 } from './prefix-writer';
import type { PrefixWriter } from './prefix-writer';

// kubectl v1.32 prints the *bool itself (%v): `<nil>` when unset, else Go prints the pointer's
// address; the value stands in for that address here
function optionalPointer(optional: boolean | undefined): string {
  return optional === undefined || optional === null ? '<nil>' : String(optional);
}

function describeSource(w: PrefixWriter, v: Volume): void {
  // image volumes (v1.31) are newer than the kubernetes-types release
  const image = (v as { image?: { reference?: string; pullPolicy?: string } }).image;
  if (v.hostPath) {
    w.write(
      LEVEL_2,
      `Type:\tHostPath (bare host directory volume)\n    Path:\t${v.hostPath.path}\n` +
        `    HostPathType:\t${v.hostPath.type ?? '<none>'}\n`,
    );
  } else if (v.emptyDir) {
    const size = v.emptyDir.sizeLimit;
    const sizeLimit = size !== undefined && String(size) !== '0' ? String(size) : '<unset>';
    w.write(
      LEVEL_2,
      `Type:\tEmptyDir (a temporary directory that shares a pod's lifetime)\n` +
        `    Medium:\t${v.emptyDir.medium ?? ''}\n    SizeLimit:\t${sizeLimit}\n`,
    );
  } else if (v.secret) {
    w.write(
      LEVEL_2,
      `Type:\tSecret (a volume populated by a Secret)\n    SecretName:\t${v.secret.secretName ?? ''}\n` +
        `    Optional:\t${v.secret.optional === true}\n`,
    );
  } else if (v.configMap) {
    w.write(
      LEVEL_2,
      `Type:\tConfigMap (a volume populated by a ConfigMap)\n    Name:\t${v.configMap.name ?? ''}\n` +
        `    Optional:\t${v.configMap.optional === true}\n`,
    );
  } else if (v.nfs) {
    w.write(
      LEVEL_2,
      `Type:\tNFS (an NFS mount that lasts the lifetime of a pod)\n    Server:\t${v.nfs.server}\n` +
        `    Path:\t${v.nfs.path}\n    ReadOnly:\t${v.nfs.readOnly === true}\n`,
    );
  } else if (v.persistentVolumeClaim) {
    w.write(
      LEVEL_2,
      `Type:\tPersistentVolumeClaim (a reference to a PersistentVolumeClaim in the same namespace)\n` +
        `    ClaimName:\t${v.persistentVolumeClaim.claimName}\n` +
        `    ReadOnly:\t${v.persistentVolumeClaim.readOnly === true}\n`,
    );
  } else if (v.ephemeral) {
    // simplified: the claim template's own fields are not listed
    w.write(
      LEVEL_2,
      'Type:\tEphemeralVolume (an inline specification for a volume that gets created and deleted with the pod)\n',
    );
  } else if (v.downwardAPI) {
    w.write(
      LEVEL_2,
      'Type:\tDownwardAPI (a volume populated by information about the pod)\n    Items:\n',
    );
    for (const item of v.downwardAPI.items ?? []) {
      if (item.fieldRef) w.write(LEVEL_3, `${item.fieldRef.fieldPath} -> ${item.path}\n`);
      if (item.resourceFieldRef)
        w.write(LEVEL_3, `${item.resourceFieldRef.resource} -> ${item.path}\n`);
    }
  } else if (v.projected) {
    w.write(
      LEVEL_2,
      'Type:\tProjected (a volume that contains injected data from multiple sources)\n',
    );
    for (const s of v.projected.sources ?? []) {
      if (s.secret) {
        w.write(
          LEVEL_2,
          `SecretName:\t${s.secret.name ?? ''}\n    SecretOptionalName:\t${optionalPointer(s.secret.optional)}\n`,
        );
      } else if (s.downwardAPI) {
        w.write(LEVEL_2, 'DownwardAPI:\ttrue\n');
      } else if (s.configMap) {
        w.write(
          LEVEL_2,
          `ConfigMapName:\t${s.configMap.name ?? ''}\n    ConfigMapOptional:\t${optionalPointer(s.configMap.optional)}\n`,
        );
      } else if (s.serviceAccountToken) {
        w.write(LEVEL_2, `TokenExpirationSeconds:\t${s.serviceAccountToken.expirationSeconds}\n`);
      }
    }
  } else if (v.csi) {
    w.write(
      LEVEL_2,
      `Type:\tCSI (a Container Storage Interface (CSI) volume source)\n    Driver:\t${v.csi.driver}\n` +
        `    FSType:\t${v.csi.fsType ?? ''}\n    ReadOnly:\t${v.csi.readOnly === true}\n`,
    );
    const attrs = v.csi.volumeAttributes ?? {};
    const keys = Object.keys(attrs).sort();
    w.write(LEVEL_2, 'VolumeAttributes:\t');
    if (keys.length === 0) w.writeLine('<none>');
    keys.forEach((k, i) => {
      if (i !== 0) w.write(LEVEL_2, '\t');
      const line = `${k}=${attrs[k]}`;
      w.write(LEVEL_2, line.length > 140 ? `${line.slice(0, 140)}...\n` : `${line}\n`);
    });
  } else if (image) {
    w.write(
      LEVEL_2,
      `Type:\tImage (a container image or OCI artifact)\n    Reference:\t${image.reference ?? ''}\n` +
        `    PullPolicy:\t${image.pullPolicy ?? ''}\n`,
    );
  } else {
    // the remaining in-tree sources (cloud disks, iSCSI, …) are not modelled
    w.write(LEVEL_1, '<unknown>\n');
  }
}

/** describe.go describeVolumes; `space` is the pod template's extra indentation. */
export function describeVolumes(
  w: PrefixWriter,
  volumes: readonly Volume[] | undefined,
  space: string,
): void {
  if (!volumes?.length) {
    w.write(LEVEL_0, `${space}Volumes:\t<none>\n`);
    return;
  }
  w.write(LEVEL_0, `${space}Volumes:\n`);
  for (const v of volumes) {
    w.write(LEVEL_1, `${space ? ' ' : ''}${v.name}:\n`);
    describeSource(w, v);
  }
}
