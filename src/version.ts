import { PACKAGE_JSON } from './package-root.ts';

export const VERSION: string = PACKAGE_JSON.version;
