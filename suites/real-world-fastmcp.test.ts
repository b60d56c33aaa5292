// The real-world corpus: fixtures/real-world/fastmcp against its expected.yaml.
import { corpusSuite } from './support/real-world-corpus.ts';

corpusSuite('fastmcp');
