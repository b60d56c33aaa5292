// The real-world corpus: fixtures/real-world/mcp-auth against its expected.yaml.
import { corpusSuite } from './support/real-world-corpus.ts';

corpusSuite('mcp-auth');
