// The MCP protocol revisions the harness speaks. Its own file, free of Node types, because the
// k6 scripts' pure module (src/load/model) imports it too.
export const REVISIONS = ['2025-06-18', '2025-11-25', '2026-07-28'] as const;
export type Revision = (typeof REVISIONS)[number];
