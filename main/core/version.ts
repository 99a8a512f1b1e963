import pkg from '../../package.json' with { type: 'json' };

export const HOLDFAST_VERSION: string = pkg.version;
