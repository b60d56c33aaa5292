// The catalogue: every family's checks, in report order.
import type { Check } from '../src/check.ts';
import { checks as headers } from './headers.ts';
import { checks as signature } from './signature.ts';
import { checks as claims } from './claims.ts';
import { checks as discovery } from './discovery.ts';
import { checks as transport } from './transport.ts';
import { checks as rbac } from './rbac.ts';
import { checks as sessions } from './sessions.ts';
import { checks as hygiene } from './hygiene.ts';
import { checks as lifecycle } from './lifecycle.ts';
import { checks as overhead } from './overhead.ts';

export const catalogue: Check[] = [...headers, ...signature, ...claims, ...discovery, ...transport, ...rbac, ...sessions, ...hygiene, ...lifecycle, ...overhead];
