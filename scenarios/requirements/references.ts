// Further reading a check cites beside its requirement (the `spec` list): RFC sections, CVEs,
// CWEs, OWASP items and the real-world issues a check was written from.
import type { Reference } from '../../src/requirement.ts';
import { rfc } from './oauth.ts';

const ref = (doc: string, section: string, url: string): Reference => ({ doc, section, url });
const rfcRef = (n: number, section: string) => ref(`RFC ${n}`, `§${section}`, rfc(n, section));
const cwe = (n: number, what: string) => ref(`CWE-${n}`, `(${what})`, `https://cwe.mitre.org/data/definitions/${n}.html`);
const cve = (id: string) => ref(id, '', `https://nvd.nist.gov/vuln/detail/${id}`);
const owaspApi = (n: number, slug: string, what: string) => ref(`OWASP API${n}:2023`, `(${what})`, `https://owasp.org/API-Security/editions/2023/en/0xa${n}-${slug}/`);
const issue = (repo: string, n: number) => ref(`${repo.split('/')[1]} #${n}`, '', `https://github.com/${repo}/issues/${n}`);

export const RFC6750_S2_1 = rfcRef(6750, '2.1');
export const RFC6750_S3 = rfcRef(6750, '3');
export const RFC6750_S3_1 = rfcRef(6750, '3.1');
export const RFC6585_S5 = rfcRef(6585, '5');
export const RFC7515_S2 = rfcRef(7515, '2');
export const RFC7515_S4_1_2 = rfcRef(7515, '4.1.2');
export const RFC7515_S4_1_3 = rfcRef(7515, '4.1.3');
export const RFC7515_S4_1_4 = rfcRef(7515, '4.1.4');
export const RFC7515_S4_1_5 = rfcRef(7515, '4.1.5');
export const RFC7515_S4_1_6 = rfcRef(7515, '4.1.6');
export const RFC7515_S5_2 = rfcRef(7515, '5.2');
export const RFC7515_S7_1 = rfcRef(7515, '7.1');
export const RFC7516_S7_1 = rfcRef(7516, '7.1');
export const RFC7517_S4_5 = rfcRef(7517, '4.5');
export const RFC7517_S5 = rfcRef(7517, '5');
export const RFC7518_S3_4 = rfcRef(7518, '3.4');
export const RFC7518_S3_6 = rfcRef(7518, '3.6');
export const RFC7519_S4_1_3 = rfcRef(7519, '4.1.3');
export const RFC7519_S4_1_4 = rfcRef(7519, '4.1.4');
export const RFC7519_S7_2 = rfcRef(7519, '7.2');
export const RFC8259_S4 = rfcRef(8259, '4');
export const RFC8414_S3_3 = rfcRef(8414, '3.3');
export const RFC8707_S2 = rfcRef(8707, '2');
export const RFC8725_S2_1 = rfcRef(8725, '2.1');
export const RFC8725_S3_1 = rfcRef(8725, '3.1');
export const RFC8725_S3_5 = rfcRef(8725, '3.5');
export const RFC8725_S3_8 = rfcRef(8725, '3.8');
export const RFC8725_S3_10 = rfcRef(8725, '3.10');
export const RFC8725_S3_11 = rfcRef(8725, '3.11');
export const RFC9110_S11_1 = rfcRef(9110, '11.1');
export const RFC9110_S15_5_2 = rfcRef(9110, '15.5.2');
export const RFC9728_S3 = rfcRef(9728, '3');
export const RFC9728_S5_1 = rfcRef(9728, '5.1');
export const RFC6749_S1_5 = rfcRef(6749, '1.5');

export const CVE_2016_10555 = cve('CVE-2016-10555');
export const CVE_2018_0114 = cve('CVE-2018-0114');
export const CVE_2022_21449 = cve('CVE-2022-21449');

export const CWE_78 = cwe(78, 'OS command injection');
export const CWE_89 = cwe(89, 'SQL injection');
export const CWE_345 = cwe(345, 'insufficient verification of data authenticity');
export const CWE_362 = cwe(362, 'race condition');
export const CWE_488 = cwe(488, 'exposure of data to the wrong session');
export const CWE_524 = cwe(524, 'use of cache containing sensitive information');
export const CWE_532 = cwe(532, 'sensitive information in log files');

export const OWASP_API1 = owaspApi(1, 'broken-object-level-authorization', 'broken object level authorization');
export const OWASP_API4 = owaspApi(4, 'unrestricted-resource-consumption', 'unrestricted resource consumption');
export const OWASP_API5 = owaspApi(5, 'broken-function-level-authorization', 'broken function level authorization');
export const OWASP_API8 = owaspApi(8, 'security-misconfiguration', 'security misconfiguration');
export const OWASP_ASVS_3_2_2 = ref('OWASP ASVS 4.0.3', 'V3.2.2', 'https://github.com/OWASP/ASVS/blob/v4.0.3/4.0/en/0x12-V3-Session-management.md');

export const MCP_TRANSPORTS_LISTENING = ref('MCP 2025-11-25 transports', '§Listening for Messages from the Server', 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#listening-for-messages-from-the-server');
export const MCP_TRANSPORTS_SENDING = ref('MCP 2025-11-25 transports', '§Sending Messages to the Server', 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#sending-messages-to-the-server');
export const MCP_TRANSPORTS_SESSIONS = ref('MCP 2025-11-25 transports', '§Session Management', 'https://modelcontextprotocol.io/specification/2025-11-25/basic/transports#session-management');
export const MCP_SECURITY_PASSTHROUGH = ref('MCP 2025-11-25 security best practices', '§Token Passthrough', 'https://modelcontextprotocol.io/specification/2025-11-25/basic/security_best_practices#token-passthrough');

export const JSON_RPC_ID = ref('JSON-RPC 2.0', '§4 (the id is the client\'s own)', 'https://www.jsonrpc.org/specification#request_object');

export const PYTHON_SDK_2100 = issue('modelcontextprotocol/python-sdk', 2100);
export const PYTHON_SDK_2208 = issue('modelcontextprotocol/python-sdk', 2208);
export const TOOLHIVE_5306 = issue('stacklok/toolhive', 5306);
export const MCP_REMOTE_338 = issue('geelen/mcp-remote', 338);
