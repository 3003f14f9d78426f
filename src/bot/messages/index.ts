// One catalogue per feature, merged here; keys are prefixed by feature to avoid clashes.
import type { Catalogue } from './catalogue.js';
import { coinMessages } from './coin.js';
import { adminMessages } from './admin.js';
import { alertMessages } from './alerts.js';
import { coreMessages } from './core.js';
import { dingtalkMessages } from './dingtalk.js';
import { liqMessages } from './liq.js';
import { pnlMessages } from './pnl.js';
import { settingsMessages } from './settings.js';

export const catalogues: Catalogue[] = [coreMessages, coinMessages, dingtalkMessages, settingsMessages, adminMessages, alertMessages, liqMessages, pnlMessages];
