// The catalogue: every family's checks, in report order.
import type { Check } from '../src/check.ts';
import { checks as headers } from './headers.ts';
import { checks as signature } from './signature.ts';
import { checks as claims } from './claims.ts';
import { checks as discovery } from './discovery.ts';
import { checks as transport } from './transport.ts';

export const catalogue: Check[] = [...headers, ...signature, ...claims, ...discovery, ...transport];
