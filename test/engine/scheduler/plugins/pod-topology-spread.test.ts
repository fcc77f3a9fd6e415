import { describe, expect, it } from 'vitest';

import { labelSelectorAsSelector, parseLabelSelector } from '../../../../src/engine/api/selectors';
import { podInfo } from '../../../../src/engine/scheduler/framework/pod-info';
import {
  countPodsMatchSelector,
  selectorAnchor,
} from '../../../../src/engine/scheduler/plugins/pod-topology-spread';
import { makeNode, makePod } from '../builders';

describe('selectorAnchor', () => {
  it.each([
    ['app=web', 'app=web'],
    ['app==web,tier=front', 'app=web'],
    ['app in (web)', 'app=web'],
    ['app in (web,api),tier=front', 'tier=front'],
    ['app!=web', undefined],
    ['app', undefined],
    ['!app,env notin (dev)', undefined],
    ['', undefined],
  ])('pins %j on the label %j', (selector, anchor) => {
    expect(selectorAnchor([parseLabelSelector(selector)])).toBe(anchor);
  });

  it('has no anchor for a selector that matches nothing', () => {
    expect(selectorAnchor([labelSelectorAsSelector(null)])).toBeUndefined();
  });
});

describe('NodeInfo.podsByLabel', () => {
  const pods = [
    makePod().name('a').labels({ app: 'web', tier: 'front' }).obj(),
    makePod().name('b').labels({ app: 'web' }).obj(),
    makePod().name('c').labels({ app: 'api' }).obj(),
    makePod().name('d').namespace('other').labels({ app: 'web' }).obj(),
  ];

  it('lists the pods carrying each label, and forgets removed ones', () => {
    const node = makeNode('worker-1');
    for (const p of pods) node.addPod(podInfo(p));
    node.removePod('default/b');
    const names = (label: string) => node.podsByLabel.get(label)?.map((p) => p.name);
    expect(names('app=web')).toEqual(['a', 'd']);
    expect(names('tier=front')).toEqual(['a']);
    expect(names('app=api')).toEqual(['c']);
    node.removePod('default/c');
    expect(node.podsByLabel.has('app=api')).toBe(false);
  });

  it.each([
    ['app=web', 2],
    ['app=web,tier=front', 1],
    ['app in (web,api)', 3],
    ['app!=api', 2],
  ])('counts the same pods for %j from the index as from the list (%i)', (selector, count) => {
    const node = makeNode('worker-1');
    for (const p of pods) node.addPod(podInfo(p));
    const selectors = [parseLabelSelector(selector)];
    const anchor = selectorAnchor(selectors);
    const carriers = anchor === undefined ? node.pods : (node.podsByLabel.get(anchor) ?? []);
    expect(countPodsMatchSelector(carriers, selectors, 'default')).toBe(count);
    expect(countPodsMatchSelector(node.pods, selectors, 'default')).toBe(count);
  });
});
