// One catalogue per feature, merged here; keys are prefixed by feature to avoid clashes.
import type { Catalogue } from './catalogue.js';
import { coreMessages } from './core.js';
import { dingtalkMessages } from './dingtalk.js';

export const catalogues: Catalogue[] = [coreMessages, dingtalkMessages];
