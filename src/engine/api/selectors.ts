// Label and field selectors, as the apiserver and clients parse and match them.
export * from './field-selector';
export * from './label-selector';
